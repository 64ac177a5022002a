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

    /// <summary>The orders' idle timeout in these tests.</summary>
    private static readonly TimeSpan QuickPassivation = TimeSpan.FromSeconds(2);

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
        var (orderId, held) = await HoldTheSecondWriteOfALiveOrderAsync(region);
        await using (held)
        {
            region.Tell(new AddOrderLine(orderId, "A", 1, 3m, new CommandMetadata(T0.AddMinutes(1))));
            var admission = JournalAdmission.For(Sys);
            // The command waits in the journal — or was answered at once, which this test must not take for waiting.
            AwaitCondition(() => admission.Waiting == 1 || HasMessages, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
            Assert.False(HasMessages, $"the command was answered before its write could wait: {(HasMessages ? ReceiveOne(TimeSpan.Zero) : null)}");
            // Longer than the idle timeout plus the shard's check interval (half of it), from the setting itself: a
            // PoisonPill would have stopped the order here and the command would never be answered.
            await Task.Delay(QuickPassivation * 2);
            await held.DisposeAsync(); // rolls back: the waiting write goes on
        }

        // Answered exactly once: stored, or (SQLite, when the held write lock outlasted the journal's busy timeout) failed.
        var result = ExpectMsg<CommandResult>(TimeSpan.FromSeconds(30));
        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.Equal(new CommandAccepted(orderId, 2, Replayed: false), result);
        }
        else
        {
            Assert.True(result is CommandAccepted or CommandFailed, $"unexpected answer {result}");
        }

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitCondition(() => !EntityIds(region).Contains(orderId), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// Creates an order and holds its event 2 with an open transaction of our own (the same key on PostgreSQL, the
    /// write lock on SQLite), so that the order's next write waits in the journal for longer than it may stay idle.
    /// The order must still be running then: if it was passivated while the hold was being taken (a busy machine),
    /// its next command would first recover under the held lock — another scenario — so a fresh order is tried.
    /// </summary>
    private async Task<(string OrderId, RawJournalWriter.HeldWrite Held)> HoldTheSecondWriteOfALiveOrderAsync(IActorRef region)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var orderId = $"slow-{attempt}";
            region.Tell(new CreateOrder(orderId, "c-1", "USD", [], new CommandMetadata(T0)));
            ExpectMsg<CommandAccepted>(TimeSpan.FromSeconds(30));
            var held = await new RawJournalWriter(Database, Database.Settings().Projections.Slices).BeginAsync(orderId, 2,
                EventManifests.Current[typeof(OrderLineAdded)],
                new OrderEventSerializer(null!).ToBinary(new OrderLineAdded(orderId, "B", 1, 2.5m, T0)));
            if (EntityIds(region).Contains(orderId))
            {
                return (orderId, held);
            }

            await held.DisposeAsync();
        }

        throw new Xunit.Sdk.XunitException("three orders in a row were passivated before their next write could be held");
    }

    private HashSet<string> EntityIds(IActorRef region)
    {
        region.Tell(GetShardRegionState.Instance);
        return ExpectMsg<CurrentShardRegionState>().Shards.SelectMany(shard => shard.EntityIds).ToHashSet();
    }

    private static OrdersSettings WithQuickPassivation(TestDatabase database)
    {
        var settings = database.Settings();
        settings.Cluster.PassivateIdleAfter = QuickPassivation;
        // A held write must outlast the idle timeout, not the journal's call timeout.
        settings.Database.CircuitBreaker.CallTimeout = TimeSpan.FromSeconds(30);
        return settings;
    }
}

public sealed class OrderPassivationTestsOnSqlite(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.Sqlite, output);

public sealed class OrderPassivationTestsOnPostgreSql(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.PostgreSql, output);
