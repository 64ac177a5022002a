using Akka.Actor;
using Akka.Cluster.Sharding;
using Orders.Cluster.Actors;
using Orders.Cluster.Sharding;
using Orders.Domain;
using Orders.Cluster.Configuration;
using Orders.Testing;

namespace Orders.Cluster.Tests;

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

    private HashSet<string> EntityIds(IActorRef region)
    {
        region.Tell(GetShardRegionState.Instance);
        return ExpectMsg<CurrentShardRegionState>().Shards.SelectMany(shard => shard.EntityIds).ToHashSet();
    }

    private static OrdersSettings WithQuickPassivation(TestDatabase database)
    {
        var settings = database.Settings();
        settings.Cluster.PassivateIdleAfter = TimeSpan.FromSeconds(2);
        return settings;
    }
}

public sealed class OrderPassivationTestsOnSqlite(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.Sqlite, output);

public sealed class OrderPassivationTestsOnPostgreSql(ITestOutputHelper output) : OrderPassivationTests(DatabaseProvider.PostgreSql, output);
