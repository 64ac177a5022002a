using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.Hosting;
using Orders.Projections.OrderSummary;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>All projections following the real journal, started by the production composition.</summary>
public abstract class ReadSideTests : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database;
    private readonly OrdersSettings _settings;
    private readonly OrdersTestHost _host;
    private readonly IActorRef _region;
    private readonly ReadModelStore _store;
    private readonly ProjectionStatusStore _status;
    private readonly ProjectionRequests _requests;

    protected TestDatabase Database => _database;

    protected OrdersSettings Settings => _settings;

    protected OrdersTestHost Host => _host;

    protected ReadModelStore Store => _store;

    protected ProjectionStatusStore Status => _status;

    protected ReadSideTests(DatabaseProvider provider)
    {
        _database = TestDatabases.Create(provider);
        _settings = _database.Settings();
        // Workers read projection_status only at start: a request reaches them by its announcement, or not at all.
        _settings.Projections.ControlInterval = TimeSpan.FromMinutes(10);
        _host = OrdersTestHost.Start(_settings, withProjections: true);
        _region = _host.Registry.Get<OrderRegion>();
        _store = ReadModelStore.For(_settings.Database);
        _status = new ProjectionStatusStore(_store, TimeProvider.System);
        _requests = new ProjectionRequests(_status, _host.System);
    }

    public void Dispose()
    {
        _host.Dispose();
        _database.Dispose();
    }

    [SkippableFact]
    public async Task Fifty_concurrent_writers_leave_every_table_equal_to_the_fold_of_the_journal()
    {
        var orderIds = Enumerable.Range(0, 120).Select(i => $"c-{i}").ToArray();
        var writers = Enumerable.Range(0, 50).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var step = 0; step < 12; step++)
            {
                var orderId = orderIds[random.Next(orderIds.Length)];
                var command = RandomCommand(random, orderId, step);
                if (command is PayOrder pay)
                {
                    // Pay the exact total most of the time, so that sales and spending are exercised too.
                    var state = await _region.Ask<OrderState>(new GetOrderState(orderId), TimeSpan.FromSeconds(30));
                    command = pay with { Amount = random.Next(5) == 0 ? 0.01m : state.Total };
                }

                await _region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30));
            }
        }));
        // Alongside them, one order certainly paid and then cancelled (refund due): whether the random writers
        // produce one depends on how their commands interleave.
        var refunded = Task.Run(async () =>
        {
            await _region.Ask<CommandResult>(new CreateOrder("c-refund", "customer-refund", "USD", [new OrderLine("R", 2, 3m)], new CommandMetadata(T0)), TimeSpan.FromSeconds(30));
            await _region.Ask<CommandResult>(new PayOrder("c-refund", "card", 6m, new CommandMetadata(T0.AddMinutes(1))), TimeSpan.FromSeconds(30));
            await _region.Ask<CommandResult>(new CancelOrder("c-refund", "changed my mind", new CommandMetadata(T0.AddMinutes(2))), TimeSpan.FromSeconds(30));
        });
        await Task.WhenAll([.. writers, refunded]);
        orderIds = [.. orderIds, "c-refund"];

        var journal = await new JournalReader(_host.System).AllOrderEventsAsync(_settings.Projections.Slices);
        var events = journal.Select(envelope => (IOrderEvent)envelope.Event).ToList();
        Assert.True(events.Count > 100, $"only {events.Count} events were accepted");
        Assert.Contains(events, e => e is OrderPaid);
        Assert.Contains(events, e => e is OrderCancelled { RefundDue: > 0 });
        var expected = ReadModelContent.ExpectedFrom(events);
        var customers = events.OfType<OrderCreated>().Select(e => e.CustomerId).ToList();
        await Eventually.Holds(async () =>
        {
            var actual = await ReadModelContent.ReadAsync(_store, orderIds, customers);
            Assert.Equal(expected.OrderSummary, actual.OrderSummary);
            Assert.Equal(expected.CustomerOrders, actual.CustomerOrders);
            Assert.Equal(expected.ProductSales, actual.ProductSales);
        }, TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task A_poison_event_stops_only_its_slice_and_is_reported_with_the_event()
    {
        var slices = _settings.Projections.Slices;
        var poisonOrder = Enumerable.Range(0, 100).Select(i => $"poison-{i}").First(id => OrderTags.SliceOf(id, slices) == 0);
        var healthyOrder = Enumerable.Range(0, 100).Select(i => $"healthy-{i}").First(id => OrderTags.SliceOf(id, slices) == 1);
        var laterInSlice0 = Enumerable.Range(0, 100).Select(i => $"later-{i}").First(id => OrderTags.SliceOf(id, slices) == 0);
        await SendAsync(new CreateOrder(healthyOrder, "c-1", "USD", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));
        await using (var held = await new RawJournalWriter(_database, slices).BeginAsync(poisonOrder, 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await held.CommitAsync();
        }

        await SendAsync(new CreateOrder(laterInSlice0, "c-1", "USD", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));

        var reader = new OrderSummaryReader(_store);
        await Eventually.Holds(async () => Assert.NotNull(await reader.FindAsync(healthyOrder)));
        foreach (var projection in OrdersProjectionsHostingExtensions.All(_store.Sql))
        {
            await Eventually.Holds(async () =>
            {
                var row = await _status.ReadAsync(projection.Name, 0);
                Assert.Equal(ProjectionState.Failed, row?.State);
                Assert.Equal((OrderPersistenceId.For(poisonOrder), 1L), (row!.ErrorPersistenceId, row.ErrorSequenceNr));
                Assert.Contains("order-teleported.v1", row.LastError);
            });
            Assert.Equal(ProjectionState.Running, (await _status.ReadAsync(projection.Name, 1))?.State);
        }

        // The slice does not skip the poison event to reach later ones: it stays failed on that event (its heartbeat,
        // every backtracking interval, reports it again) until an operator resumes it, and the later order waits.
        var firstFailure = (await _status.ReadAsync(OrderSummaryProjection.ProjectionName, 0))!.UpdatedAt;
        await Eventually.Holds(async () =>
        {
            var row = await _status.ReadAsync(OrderSummaryProjection.ProjectionName, 0);
            Assert.Equal(ProjectionState.Failed, row?.State);
            Assert.True(row!.UpdatedAt > firstFailure, "the failed worker has not reported again yet");
            Assert.Equal((OrderPersistenceId.For(poisonOrder), 1L), (row.ErrorPersistenceId, row.ErrorSequenceNr));
        }, _settings.Projections.BacktrackingInterval * 3);
        Assert.Null(await reader.FindAsync(laterInSlice0));
    }

    [SkippableFact]
    public async Task A_paused_projection_applies_nothing_until_it_is_resumed_while_the_others_go_on_and_the_request_is_pushed_not_polled()
    {
        await SendAsync(new CreateOrder("p-0", "c-paused", "USD", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));
        var reader = new OrderSummaryReader(_store);
        await Eventually.Holds(async () => Assert.NotNull(await reader.FindAsync("p-0")));

        Assert.Equal(_settings.Projections.Slices, await _requests.RequestAsync(OrderSummaryProjection.ProjectionName, null, ProjectionState.Paused));
        await Eventually.Holds(async () => Assert.All(
            (await _status.ReadAllAsync()).Where(row => row.Projection == OrderSummaryProjection.ProjectionName),
            row => Assert.Equal(ProjectionState.Paused, row.State)));
        await SendAsync(new PayOrder("p-0", "card", 1m, new CommandMetadata(T0.AddMinutes(1))));

        var customers = new CustomerOrdersReader(_store);
        await Eventually.Holds(async () => Assert.Equal(1m, (await customers.FindAsync("c-paused"))?.TotalSpent));
        // The other projections committed the payment; the paused one has had ten polls' time to apply it and must not.
        await Task.Delay(_settings.Projections.PollInterval * 10);
        Assert.Equal("pending", (await reader.FindAsync("p-0"))!.Summary.Status);

        await _requests.RequestAsync(OrderSummaryProjection.ProjectionName, null, ProjectionState.Running);
        await Eventually.Holds(async () => Assert.Equal("paid", (await reader.FindAsync("p-0"))!.Summary.Status));
    }

    protected async Task SendAsync(IOrderCommand command) =>
        Assert.IsType<CommandAccepted>(await _region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)));

    private static IOrderCommand RandomCommand(Random random, string orderId, int step)
    {
        var meta = new CommandMetadata(T0.AddHours(random.Next(72)).AddSeconds(step));
        return random.Next(7) switch
        {
            0 or 1 => new CreateOrder(orderId, $"customer-{random.Next(15)}", "USD",
                [new OrderLine($"SKU-{random.Next(5)}", random.Next(1, 4), random.Next(100, 2000) / 100m)], meta),
            2 => new AddOrderLine(orderId, $"SKU-{random.Next(5, 10)}", random.Next(1, 4), random.Next(100, 2000) / 100m, meta),
            3 => new PayOrder(orderId, "card", 0.01m, meta),
            4 => new CancelOrder(orderId, "changed mind", meta),
            5 => new ShipOrder(orderId, "ups", "1Z", meta),
            _ => new DeliverOrder(orderId, meta),
        };
    }
}

public sealed class ReadSideTestsOnSqlite() : ReadSideTests(DatabaseProvider.Sqlite);

public sealed class ReadSideTestsOnPostgreSql() : ReadSideTests(DatabaseProvider.PostgreSql)
{
    /// <summary>
    /// A rebuild pauses the projection it rebuilds for its last catch-up and its swap, and only that one: the others
    /// keep applying from the slices' shared read. The swap is held here by a row lock on the live table, as a long
    /// transaction of a reader could hold it (SQLite cannot have this case: its one writer would stop every commit).
    /// </summary>
    [SkippableFact]
    public async Task A_rebuild_pauses_only_its_own_projection_and_the_others_keep_applying_until_its_swap_lands()
    {
        await SendAsync(new CreateOrder("rb-0", "c-rb-0", "USD", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));
        var summaries = new OrderSummaryReader(Store);
        await Eventually.Holds(async () => Assert.NotNull(await summaries.FindAsync("rb-0")));

        var dialect = SqlDialect.For(DatabaseProvider.PostgreSql);
        await using var holder = dialect.CreateConnection(dialect.PrepareConnectionString(Database.ReadModelConnectionString));
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = holder.CreateCommand(hold, "SELECT order_id FROM order_summary WHERE order_id = 'rb-0' FOR UPDATE"))
        {
            Assert.Equal("rb-0", await lockRow.ExecuteScalarAsync());
        }

        var deps = ProjectionDependencies.Create(Settings, Store, TimeProvider.System);
        var rebuild = new ProjectionRebuilder(Host.System, Store, deps, TimeProvider.System, NullLogger<ProjectionRebuilder>.Instance)
            .RunAsync(OrderSummaryProjection.ProjectionName);
        await Eventually.Holds(async () => Assert.All(
            (await Status.ReadAllAsync()).Where(row => row.Projection == OrderSummaryProjection.ProjectionName),
            row => Assert.Equal(ProjectionState.Paused, row.State)), TimeSpan.FromSeconds(60));

        await SendAsync(new PayOrder("rb-0", "card", 1m, new CommandMetadata(T0.AddMinutes(1))));
        await SendAsync(new CreateOrder("rb-1", "c-rb-1", "USD", [new OrderLine("B", 2, 3m)], new CommandMetadata(T0.AddMinutes(2))));
        var customers = new CustomerOrdersReader(Store);
        await Eventually.Holds(async () =>
        {
            Assert.Equal(1m, (await customers.FindAsync("c-rb-0"))?.TotalSpent);
            Assert.Equal(1, (await customers.FindAsync("c-rb-1"))?.OrderCount);
        });
        Assert.False(rebuild.IsCompleted, "the rebuild ended while its swap was held");
        Assert.Equal("pending", (await summaries.FindAsync("rb-0"))!.Summary.Status);
        Assert.Null(await summaries.FindAsync("rb-1"));

        await hold.RollbackAsync();
        await rebuild.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.Holds(async () =>
        {
            Assert.Equal("paid", (await summaries.FindAsync("rb-0"))!.Summary.Status);
            Assert.NotNull(await summaries.FindAsync("rb-1"));
        });
    }
}
