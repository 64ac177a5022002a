using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Diagnostics;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Projections.OrderSummary;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>The slice workers following the real journal, started by the production composition.</summary>
public abstract class SliceWorkerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);
    private readonly TestDatabase _database;
    private readonly DatabaseProvider _provider;

    protected SliceWorkerTests(DatabaseProvider provider)
    {
        _provider = provider;
        _database = TestDatabases.Create(provider);
    }

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task Events_reach_order_summary_and_every_slice_offset_advances_to_its_last_event()
    {
        var settings = _database.Settings();
        using var host = OrdersTestHost.Start(settings, withProjections: true);
        var region = host.Registry.Get<OrderRegion>();
        var orderIds = Enumerable.Range(1, 12).Select(i => $"w-{i}").ToList();

        foreach (var orderId in orderIds)
        {
            await SendAsync(region, new CreateOrder(orderId, "c-1", "USD", [new OrderLine("A", 1, 4m)], new CommandMetadata(T0)));
            await SendAsync(region, new PayOrder(orderId, "card", 4m, new CommandMetadata(T0.AddMinutes(1))));
        }

        var store = ReadModelStore.For(settings.Database);
        var reader = new OrderSummaryReader(store);
        await Eventually.Holds(async () =>
        {
            foreach (var orderId in orderIds)
            {
                var view = await reader.FindAsync(orderId);
                Assert.Equal(("paid", 2L), (view?.Summary.Status, view?.Summary.Version ?? 0));
            }
        });

        var journal = new JournalReader(host.System);
        var offsets = new ProjectionOffsets(store, TimeProvider.System);
        for (var slice = 0; slice < settings.Projections.Slices; slice++)
        {
            var events = await journal.EventsOfSliceAsync(slice);
            var expected = events.Count == 0 ? 0 : events.Max(e => ((Akka.Persistence.Query.Sequence)e.Offset).Value);
            await Eventually.Holds(async () => Assert.Equal(expected, await offsets.LoadAsync(OrderSummaryProjection.ProjectionName, slice)));
        }
    }

    [SkippableFact]
    public async Task After_a_restart_workers_resume_from_their_offsets_and_apply_only_new_events()
    {
        var settings = _database.Settings();
        var reader = new OrderSummaryReader(ReadModelStore.For(settings.Database));
        // The listener hears every host in this test process: the order id is this class's own.
        var orderId = $"restart-{_provider}";
        using (var first = OrdersTestHost.Start(settings, withProjections: true))
        {
            var region = first.Registry.Get<OrderRegion>();
            await SendAsync(region, new CreateOrder(orderId, "c-1", "USD", [new OrderLine("A", 2, 3m)], new CommandMetadata(T0)));
            await Eventually.Holds(async () => Assert.Equal(1, (await reader.FindAsync(orderId))?.Summary.Version));
        }

        // Every commit of the restarted workers: versions make a replay harmless to the tables, so a worker that read
        // from 0 again would only show here — a commit of events that were all applied already.
        var commits = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrdersTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "orders.projection.commit" && Equals(activity.GetTagItem("order.id"), orderId))
                {
                    commits.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var second = OrdersTestHost.Start(settings, withProjections: true);
        // Let the restarted workers read what they would (a restart from 0 would read the create again), then write.
        await Task.Delay(settings.Projections.PollInterval * 10);
        var again = second.Registry.Get<OrderRegion>();
        await SendAsync(again, new AddOrderLine(orderId, "B", 1, 1m, new CommandMetadata(T0.AddMinutes(1))));

        await Eventually.Holds(async () =>
        {
            var view = await reader.FindAsync(orderId);
            Assert.Equal((2L, 2, 7m), (view!.Summary.Version, view.Summary.LineCount, view.Summary.TotalAmount));
        });
        Assert.NotEmpty(commits);
        Assert.All(commits, commit =>
        {
            Assert.Equal(1, commit.GetTagItem("events"));
            Assert.True(commit.GetTagItem("applied") is int applied && applied >= 1, $"a commit applied {commit.GetTagItem("applied")} of its events");
        });
    }

    private static async Task SendAsync(IActorRef region, IOrderCommand command)
    {
        var result = await region.Ask<CommandResult>(command, AskTimeout);
        Assert.IsType<CommandAccepted>(result);
    }
}

public sealed class SliceWorkerTestsOnSqlite() : SliceWorkerTests(DatabaseProvider.Sqlite);

public sealed class SliceWorkerTestsOnPostgreSql() : SliceWorkerTests(DatabaseProvider.PostgreSql);
