using Akka.Actor;
using Akka.Cluster.Sharding;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Testing;
using Orders.WriteSide.Actors;
using Orders.WriteSide.Sharding;

namespace Orders.WriteSide.Tests;

public abstract class OrderPassivationTests : OrdersTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    protected OrderPassivationTests(DatabaseProvider provider, ITestOutputHelper output)
        : base(provider, WithQuickPassivation, output)
    {
    }

    [SkippableFact]
    public void An_idle_order_is_passivated_and_recovers_on_its_next_command()
    {
        var region = Host.Registry.Get<OrderRegion>();
        // Warm the journal up first: an entity that stays silent longer than the passivation timeout — here while
        // the journal creates its tables on a busy machine — is passivated before it can answer.
        region.Tell(new CreateOrder("warm-up", "c-0", "USD", [], new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>(TimeSpan.FromSeconds(30));
        region.Tell(new CreateOrder("idle-1", "c-1", "USD", [new OrderLine("A", 1, 3m)], new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>(TimeSpan.FromSeconds(15));
        Assert.Contains("idle-1", EntityIds(region));

        AwaitCondition(() => !EntityIds(region).Contains("idle-1"), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));

        region.Tell(new PayOrder("idle-1", "card", 3m, new CommandMetadata(T0.AddMinutes(1))));
        Assert.Equal(new CommandAccepted("idle-1", 2, Replayed: false), ExpectMsg<CommandResult>(TimeSpan.FromSeconds(15)));
    }

    [SkippableFact]
    public async Task An_order_whose_write_outlasts_the_idle_timeout_answers_before_it_is_passivated()
    {
        var region = Host.Registry.Get<OrderRegion>();
        region.Tell(new CreateOrder("slow-1", "c-1", "USD", [], new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>(TimeSpan.FromSeconds(30));

        // Event 2 of slow-1 is held by an open transaction of our own (the same key on PostgreSQL, the write lock on
        // SQLite): the order's next write waits in the journal for longer than the order may stay idle.
        var held = await new RawJournalWriter(Database, Database.Settings().Projections.Slices).BeginAsync("slow-1", 2,
            EventManifests.Current[typeof(OrderLineAdded)],
            new OrderEventSerializer(null!).ToBinary(new OrderLineAdded("slow-1", "B", 1, 2.5m, T0)));
        await using (held)
        {
            region.Tell(new AddOrderLine("slow-1", "A", 1, 3m, new CommandMetadata(T0.AddMinutes(1))));
            var admission = JournalAdmission.For(Sys);
            AwaitCondition(() => admission.Waiting == 1, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
            // Longer than the idle timeout (2 s) plus the shard's check interval (half of it): a PoisonPill would have
            // stopped the order here and the command would never be answered.
            await Task.Delay(TimeSpan.FromSeconds(4));
            await held.DisposeAsync(); // rolls back: the waiting write goes on
        }

        // Answered exactly once: stored, or (SQLite, when the held write lock outlasted the journal's busy timeout) failed.
        var result = ExpectMsg<CommandResult>(TimeSpan.FromSeconds(30));
        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.Equal(new CommandAccepted("slow-1", 2, Replayed: false), result);
        }
        else
        {
            Assert.True(result is CommandAccepted or CommandFailed, $"unexpected answer {result}");
        }

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitCondition(() => !EntityIds(region).Contains("slow-1"), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    private HashSet<string> EntityIds(IActorRef region)
    {
        region.Tell(GetShardRegionState.Instance);
        return ExpectMsg<CurrentShardRegionState>().Shards.SelectMany(shard => shard.EntityIds).ToHashSet();
    }

    private static OrdersSettings WithQuickPassivation(TestDatabase database)
    {
        var settings = database.Settings();
        settings.Cluster.PassivateIdleAfter = TimeSpan.FromSeconds(2);
        // A held write must outlast the idle timeout, not the journal's call timeout.
        settings.Database.CircuitBreaker.CallTimeout = TimeSpan.FromSeconds(30);
        return settings;
    }
}

public sealed class OrderPassivationTestsOnSqlite(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.Sqlite, output);

public sealed class OrderPassivationTestsOnPostgreSql(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.PostgreSql, output);
