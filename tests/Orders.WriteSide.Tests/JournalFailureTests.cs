using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.WriteSide.Tests;

/// <summary>
/// A journal that times out fails the write in progress and stops the order actor; every command sent to it is
/// still answered — at once, not after the sender's own timeout — and the order works again afterwards.
/// </summary>
public abstract class JournalFailureTests : OrdersTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    protected JournalFailureTests(DatabaseProvider provider, ITestOutputHelper output)
        : base(provider, WithShortCallTimeout, output)
    {
    }

    [SkippableFact]
    public async Task Commands_queued_behind_a_timed_out_write_are_answered_failed_and_nothing_is_lost()
    {
        var region = Host.Registry.Get<OrderRegion>();
        region.Tell(new CreateOrder("stuck-1", "c-1", "USD", [], new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>(TimeSpan.FromSeconds(30));

        // Event 2 of stuck-1 is held by an open transaction of our own: the order's next write waits for it until
        // the journal's call timeout (1 s) fails it; the commands sent after it wait in the order's stash.
        var held = await new RawJournalWriter(Database, Database.Settings().Projections.Slices).BeginAsync("stuck-1", 2,
            EventManifests.Current[typeof(OrderLineAdded)],
            new OrderEventSerializer(null!).ToBinary(new OrderLineAdded("stuck-1", "B", 1, 2.5m, T0)));
        var results = new List<CommandResult>();
        await using (held)
        {
            for (var i = 0; i < 4; i++)
            {
                region.Tell(new AddOrderLine("stuck-1", $"S{i}", 1, 1m, new CommandMetadata(T0.AddMinutes(1), CommandId: $"line-{i}")));
            }

            for (var i = 0; i < 4; i++)
            {
                // Well inside the senders' usual timeouts: the call timeout plus scheduling on a busy machine.
                results.Add(ExpectMsg<CommandResult>(TimeSpan.FromSeconds(15)));
            }

            await held.DisposeAsync(); // rolls back
        }

        Assert.All(results, result => Assert.IsType<CommandFailed>(result));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Retried with the same command ids, each line is stored once.
        for (var i = 0; i < 4; i++)
        {
            region.Tell(new AddOrderLine("stuck-1", $"S{i}", 1, 1m, new CommandMetadata(T0.AddMinutes(1), CommandId: $"line-{i}")));
            Assert.IsType<CommandAccepted>(ExpectMsg<CommandResult>(TimeSpan.FromSeconds(30)));
        }

        region.Tell(new GetOrderState("stuck-1"));
        var state = ExpectMsg<OrderState>(TimeSpan.FromSeconds(15));
        Assert.Equal(["S0", "S1", "S2", "S3"], state.Lines.Select(line => line.Sku).Order());
        Assert.Equal(5, state.Version);
    }

    private static OrdersSettings WithShortCallTimeout(TestDatabase database)
    {
        var settings = database.Settings();
        settings.Database.CircuitBreaker.CallTimeout = TimeSpan.FromSeconds(1);
        settings.Database.CircuitBreaker.MaxFailures = 100;
        return settings;
    }
}

public sealed class JournalFailureTestsOnSqlite(ITestOutputHelper output) : JournalFailureTests(DatabaseProvider.Sqlite, output);

public sealed class JournalFailureTestsOnPostgreSql(ITestOutputHelper output) : JournalFailureTests(DatabaseProvider.PostgreSql, output);
