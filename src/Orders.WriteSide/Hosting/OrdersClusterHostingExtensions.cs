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

    /// <param name="database">The host's resolved database (null: resolved here, for tools and tests).</param>
    public static AkkaConfigurationBuilder AddOrdersCluster(this AkkaConfigurationBuilder builder, OrdersSettings settings, OrdersDatabase? database = null) =>
        builder
            .WithOrdersClustering(settings.Cluster)
            .WithOrdersSerialization()
            .WithOrdersJournal(settings, database: database)
            .WithOrderShards(settings)
            .WithActors((system, _) => system.ActorOf(UndeliveredCommands.Props(), UndeliveredCommands.Name));

    public static AkkaConfigurationBuilder WithOrdersClustering(this AkkaConfigurationBuilder builder, ClusterSettings cluster)
    {
        builder
            .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port, PublicHostName = cluster.PublicHostname })
            // No SplitBrainResolver option here: the HOCON below configures it, including how long it waits.
            .WithClustering(new ClusterOptions { Roles = [.. cluster.EffectiveRoles], SeedNodes = cluster.SeedNodes })
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
            // Slice notifications are hints: a slice that nobody follows here is not worth a dead-letter log line.
            .AddHocon("akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers = off", HoconAddMode.Prepend);
        var roles = string.Join(", ", cluster.EffectiveRoles);
        builder.AddStartup((system, _) => system.Log.Info("Orders node roles: {0} (Orders:Cluster:Roles)", roles));
        builder.AddStartup((system, _) => ClusterMembershipMetrics.Watch(system));
        if (cluster.SeedNodes.Length == 0)
        {
            // No seeds: this node is a cluster of its own (the embedded default).
            builder.AddStartup((system, _) =>
            {
                var self = Akka.Cluster.Cluster.Get(system);
                self.Join(self.SelfAddress);
            });
        }

        return builder;
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
