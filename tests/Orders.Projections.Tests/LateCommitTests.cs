using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.Hosting;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>
/// Gap safety on PostgreSQL (SQLite serializes writers, so no gap can form there). A journal write — an order's
/// payment, which every projection applies — is held open in a transaction while later events of its slice commit.
/// Committed within the read journal's gap wait (0.5 s or 5 s of a 10 s wait), the live read waits for it and applies
/// it: backtracking recovers nothing. Committed only once every projection's offset has passed it, only the
/// backtracking pass can apply it, and it does. In every case each event ends up projected exactly once in every
/// projection (tables equal to an independent fold of the journal; the payment counted once).
/// </summary>
public sealed class LateCommitTests(ITestOutputHelper output) : TestWithResources
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [InlineData(500)]
    [InlineData(5_000)]
    public Task An_event_committed_within_the_gap_wait_is_applied_by_the_live_read(int delayMs) =>
        HoldAndReleaseAsync(gapWait: TimeSpan.FromSeconds(10), hold: TimeSpan.FromMilliseconds(delayMs));

    /// <summary>The write commits only after every projection's offset has passed its ordering number.</summary>
    [SkippableTheory]
    [InlineData(10_000)]
    [InlineData(300)]
    public Task An_event_committed_after_the_live_read_passed_it_is_recovered_by_backtracking(int gapWaitMs) =>
        HoldAndReleaseAsync(gapWait: TimeSpan.FromMilliseconds(gapWaitMs), hold: null);

    /// <param name="hold">How long the write stays uncommitted; null: until every projection's offset has passed it.</param>
    private async Task HoldAndReleaseAsync(TimeSpan gapWait, TimeSpan? hold)
    {
        var database = Track(TestDatabases.Create(DatabaseProvider.PostgreSql));
        var settings = database.Settings();
        settings.Projections.GapWait = gapWait;
        var host = Track(OrdersTestHost.Start(settings, withProjections: true));
        var region = host.Registry.Get<OrderRegion>();
        var store = ReadModelStore.For(settings.Database);
        var status = new ProjectionStatusStore(store, TimeProvider.System);
        var projections = OrdersProjectionsHostingExtensions.All(store.Sql);
        var slices = settings.Projections.Slices;
        var slice = 2;
        string InSlice(string prefix) => Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").First(id => OrderTags.SliceOf(id, slices) == slice);

        // Before: an order of the slice, created through the service; its payment is the write that commits late.
        await SendAsync(region, new CreateOrder(InSlice("first"), "c-other", "USD", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));
        var lateOrder = InSlice("late");
        await SendAsync(region, new CreateOrder(lateOrder, "c-late", "USD", [new OrderLine("LATE", 2, 3m)], new CommandMetadata(T0)));
        await Eventually.Holds(async () =>
        {
            foreach (var projection in projections)
            {
                Assert.True((await status.ReadAsync(projection.Name, slice))?.Offset > 0, $"{projection.Name} has not applied the slice's first events");
            }
        });
        var late = new OrderPaid(lateOrder, new Payment("card"), 6m, T0.AddMinutes(1));
        var held = await new RawJournalWriter(database, slices).BeginAsync(
            lateOrder, 2, EventManifests.Current[typeof(OrderPaid)], new OrderEventSerializer(null!).ToBinary(late));

        // Later events of the same slice commit while the write is held, so the live read meets its number.
        var later = Enumerable.Range(0, 5).Select(i => InSlice($"later{i}")).ToList();
        foreach (var orderId in later)
        {
            await SendAsync(region, new CreateOrder(orderId, "c-other", "USD", [new OrderLine("B", 1, 2m)], new CommandMetadata(T0.AddMinutes(2))));
        }

        if (hold is { } wait)
        {
            await Task.Delay(wait);
        }
        else
        {
            // Only backtracking can apply it now: every projection's read has moved past its number without it.
            await Eventually.Holds(async () =>
            {
                foreach (var projection in projections)
                {
                    Assert.True((await status.ReadAsync(projection.Name, slice))?.Offset > held.Ordering,
                        $"{projection.Name} has not passed ordering {held.Ordering} yet");
                }
            }, gapWait * 3 + TimeSpan.FromSeconds(30));
        }

        await held.CommitAsync();
        await held.DisposeAsync();

        var customers = new CustomerOrdersReader(store);
        var journal = new JournalReader(host.System);
        await Eventually.Holds(async () =>
        {
            var events = (await journal.AllOrderEventsAsync(slices)).Select(e => (IOrderEvent)e.Event).ToList();
            var expected = ReadModelContent.ExpectedFrom(events);
            var actual = await ReadModelContent.ReadAsync(store, events.Select(e => e.OrderId), ["c-late", "c-other"]);
            Assert.Equal(expected, actual with { }, ReadModelContentComparer.Instance);
            Assert.Contains(expected.ProductSales, row => row.Contains("LATE"));
            Assert.Equal(6m, (await customers.FindAsync("c-late"))?.TotalSpent);
        }, TimeSpan.FromSeconds(45));

        // Exactly once: let a few more backtracking passes run over the same window; nothing changes.
        await Task.Delay(settings.Projections.BacktrackingInterval * 2);
        Assert.Equal(6m, (await customers.FindAsync("c-late"))?.TotalSpent);
        Assert.Equal(1, (await customers.FindAsync("c-late"))?.OrderCount);
        Assert.Equal(6, (await customers.FindAsync("c-other"))?.OrderCount);

        foreach (var projection in projections)
        {
            var row = await status.ReadAsync(projection.Name, slice);
            output.WriteLine($"{(hold is { } h ? $"held {h.TotalMilliseconds} ms" : "held until passed")}, gap wait {gapWait.TotalSeconds} s: "
                             + $"{projection.Name} slice {slice}: {row?.RecoveredEvents} event(s) recovered by backtracking");
            Assert.Equal(hold is null ? 1 : 0, row?.RecoveredEvents);
        }
    }

    /// <summary>
    /// Sends a create with a command id, retried on a timeout: on a loaded CI machine the first persist into a fresh
    /// database has taken longer than an Ask waits, and a retry with the same id is answered, not duplicated.
    /// </summary>
    private static async Task SendAsync(IActorRef region, CreateOrder command)
    {
        command = command with { Metadata = command.Metadata with { CommandId = "create-" + command.OrderId } };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Assert.IsType<CommandAccepted>(await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)));
                return;
            }
            catch (AskTimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
