using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.WriteSide.Actors;
using Orders.WriteSide.Diagnostics;
using Orders.WriteSide.Sharding;

namespace Orders.WriteSide.Hosting;

/// <summary>The write side's Akka.Hosting composition: cluster, serializer, journal and the order shards.</summary>
public static class OrdersClusterHostingExtensions
{
    /// <summary>The actor system's name; seed node addresses use it (<c>akka.tcp://orders@host:port</c>).</summary>
    public const string ActorSystemName = "orders";

    /// <summary>
    /// How shards move to a node that joins (a restart, a scale-out). Akka's default is its older algorithm, which
    /// looks every 10 s and moves at most 3 shards per look, and which starts a move even while a member is
    /// unreachable (the move then waits for that member's acknowledgement, and the shard's orders with it). A positive
    /// <c>rebalance-absolute-limit</c> selects Akka's newer algorithm: it moves nothing while any member is
    /// unreachable or still joining, runs one round at a time, and moves up to a third of the shards in a round — a
    /// node joining a cluster of three gets its share at once. The trade-off: the orders of the shards being moved
    /// wait for their hand-off (their in-flight writes end, then they recover on the new node), a third of them at
    /// once rather than a few every 10 s. With that safety the coordinator can look every second: a restarted node
    /// serves orders a second or two after it is Up, not 10–20 s. The projections' slice workers (a sharded daemon process,
    /// whose sharding settings are a copy taken before ours apply) move by the same rule.
    /// </summary>
    public static readonly string RebalanceHocon = string.Join('\n',
        from path in new[] { "akka.cluster.sharding", "akka.cluster.sharded-daemon-process.sharding" }
        select $$"""
            {{path}} {
              rebalance-interval = 1s
              least-shard-allocation-strategy { rebalance-absolute-limit = 1000, rebalance-relative-limit = 0.34 }
            }
            """);

    /// <param name="database">The host's resolved database (null: resolved here, for tools and tests).</param>
    public static AkkaConfigurationBuilder AddOrdersCluster(this AkkaConfigurationBuilder builder, OrdersSettings settings, OrdersDatabase? database = null)
    {
        database ??= new OrdersDatabase(settings.Database);
        // A node that hosts orders readies its journal before it joins (JournalWarmUp): the shards it is given on
        // joining then start at once instead of waiting for the plugins' first use.
        Func<ActorSystem, Task>? beforeJoining = settings.Cluster.HasRole(ClusterSettings.WriteRole)
            ? system => JournalWarmUp.RunAsync(system, database)
            : null;
        return builder
            .WithOrdersClustering(settings.Cluster, beforeJoining)
            .WithOrdersSerialization()
            .WithOrdersJournal(settings, database: database)
            .WithOrderShards(settings)
            .WithActors((system, _) => system.ActorOf(UndeliveredCommands.Props(), UndeliveredCommands.Name));
    }

    /// <param name="beforeJoining">
    /// What this node finishes before it joins its seed nodes (it never fails; it may take its own time). A node
    /// without seeds (a cluster of its own) joins itself at once and runs it meanwhile.
    /// </param>
    public static AkkaConfigurationBuilder WithOrdersClustering(
        this AkkaConfigurationBuilder builder, ClusterSettings cluster, Func<ActorSystem, Task>? beforeJoining = null)
    {
        var joinLater = beforeJoining is not null && cluster.SeedNodes.Length > 0;
        builder
            .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port, PublicHostName = cluster.PublicHostname })
            // No SplitBrainResolver option here: the HOCON below configures it, including how long it waits.
            // Seed nodes given here are joined as soon as the actor system starts; a node that first readies itself
            // joins them by itself below.
            .WithClustering(new ClusterOptions { Roles = [.. cluster.EffectiveRoles], SeedNodes = joinLater ? [] : cluster.SeedNodes })
            .AddHocon(cluster.SplitBrainResolver.ToHocon(), HoconAddMode.Prepend)
            .AddHocon(cluster.FailureDetector.ToHocon(), HoconAddMode.Prepend)
            // A region retries finding a shard's new home this often while it buffers its messages (Akka: 2 s):
            // after a node is lost, its orders answer again this much sooner.
            .AddHocon("akka.cluster.sharding.retry-interval = 500ms", HoconAddMode.Prepend)
            // The leader moves members on (Down → Removed among them) this often, once every member has seen the
            // change by gossip (Akka: 1 s each): a downed node's orders wait for its removal to reach the others.
            .AddHocon("akka.cluster { leader-actions-interval = 500ms, gossip-interval = 500ms }", HoconAddMode.Prepend)
            .AddHocon(cluster.Tls.ToHocon(), HoconAddMode.Prepend)
            // Shard placement lives in memory (distributed data), not in the order journal: the journal holds
            // order events only, and remember-entities stays off (shared/STACK.md pitfall 1).
            .AddHocon("akka.cluster.sharding.state-store-mode = ddata", HoconAddMode.Prepend)
            // The coordinator writes each shard allocation to every write node of a small cluster (Akka's
            // majority-min-cap), and stashes every other request meanwhile; while a node is unreachable that write
            // cannot finish, and it is retried after this long (Akka: 5 s). Shorter, the first retry after the lost
            // node's removal comes sooner, and with it every shard allocation that waited.
            .AddHocon("akka.cluster.sharding.updating-state-timeout = 2s", HoconAddMode.Prepend)
            .AddHocon(RebalanceHocon, HoconAddMode.Prepend)
            // Slice notifications are hints: a slice that nobody follows here is not worth a dead-letter log line.
            .AddHocon("akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers = off", HoconAddMode.Prepend);
        var roles = string.Join(", ", cluster.EffectiveRoles);
        builder.AddStartup((system, _) => system.Log.Info("Orders node roles: {0} (Orders:Cluster:Roles)", roles));
        builder.AddStartup((system, _) => ClusterMembershipMetrics.Watch(system));
        if (cluster.SeedNodes.Length == 0)
        {
            // No seeds: this node is a cluster of its own (the embedded default).
            builder.AddStartup((system, registry) =>
            {
                var self = Akka.Cluster.Cluster.Get(system);
                self.Join(self.SelfAddress);
                _ = beforeJoining?.Invoke(system);
            });
        }
        else if (joinLater)
        {
            var seeds = cluster.SeedNodes.Select(Address.Parse).ToList();
            builder.AddStartup((system, registry) => { _ = JoinWhenReadyAsync(system, seeds, beforeJoining!); });
        }

        return builder;
    }

    private static async Task JoinWhenReadyAsync(ActorSystem system, IReadOnlyList<Address> seeds, Func<ActorSystem, Task> beforeJoining)
    {
        await beforeJoining(system).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!system.WhenTerminated.IsCompleted)
        {
            Akka.Cluster.Cluster.Get(system).JoinSeedNodes(seeds);
        }
    }

    /// <summary>Stored payloads (events, snapshots) and the messages between nodes: JSON under stable manifests.</summary>
    public static AkkaConfigurationBuilder WithOrdersSerialization(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer(
                "orders-json",
                [typeof(IOrderEvent), typeof(OrderState)],
                system => new OrderEventSerializer(system))
            .WithCustomSerializer(
                "orders-protocol",
                [typeof(IOrderCommand), typeof(GetOrderState), typeof(CommandResult), typeof(SliceAdvanced), typeof(ProjectionControlRequested)],
                system => new OrderProtocolSerializer(system));

    /// <param name="createTables">False for read-only tools: they must never create the journal's tables.</param>
    public static AkkaConfigurationBuilder WithOrdersJournal(
        this AkkaConfigurationBuilder builder, OrdersSettings settings, bool createTables = true, OrdersDatabase? database = null)
    {
        var plugins = JournalPlugins.For(settings, database);
        plugins.Journal.AutoInitialize = createTables;
        plugins.Snapshots.AutoInitialize = createTables;
        // Looked up at each write, not here: the fence is the actor system's, made when it is first needed.
        builder.AddStartup((system, _) => plugins.WriteGate.Bind(() => WriteFence.For(system).Refusal()));
        return builder
            .WithSqlPersistence(
                plugins.Journal,
                plugins.Snapshots,
                journalBuilder: adapters =>
                    adapters.AddWriteEventAdapter<OrderTaggingAdapter>("orders-tagging", [typeof(IOrderEvent)]))
            .AddHocon(plugins.Hocon, HoconAddMode.Prepend);
    }

    public static AkkaConfigurationBuilder WithOrderShards(this AkkaConfigurationBuilder builder, OrdersSettings settings)
    {
        var cluster = settings.Cluster;
        var extractor = new OrderMessageExtractor(cluster.NumberOfShards);
        if (!cluster.HasRole(ClusterSettings.WriteRole))
        {
            return builder.WithShardRegionProxy<OrderRegion>(OrderRegion.TypeName, ClusterSettings.WriteRole, extractor);
        }

        var snapshotEvery = settings.Snapshots.Every;
        var slices = settings.Projections.Slices;
        return builder
            .AddHocon($"{JournalAdmission.LimitConfigPath} = {cluster.MaxCommandsAwaitingJournal}", HoconAddMode.Prepend)
            .WithShardRegion<OrderRegion>(
            OrderRegion.TypeName,
            orderId => OrderActor.Props(orderId, snapshotEvery, slices),
            extractor,
            new ShardOptions
            {
                Role = ClusterSettings.WriteRole,
                ShouldPassivateIdleEntities = true,
                PassivateIdleEntityAfter = cluster.PassivateIdleAfter,
                // Not a PoisonPill: an order idle past the timeout while its write is still in the journal answers first.
                HandOffStopMessage = StopOrder.Instance,
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
            });
    }
}
