using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.ProductSales;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>
/// A slice's projections share one read of the journal; one that is behind (resumed after a pause) catches up on its
/// own, so the others stay current meanwhile. Shown on PostgreSQL, where a row lock of our own can hold the behind
/// projection's commit without holding anybody else's (SQLite has one writer for the whole file).
/// </summary>
public sealed class CatchUpTests : TestWithResources
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_projection_far_behind_catches_up_on_its_own_while_the_others_stay_current()
    {
        var database = Track(TestDatabases.Create(DatabaseProvider.PostgreSql));
        var settings = database.Settings();
        var host = Track(OrdersTestHost.Start(settings, withProjections: true));
        var region = host.Registry.Get<OrderRegion>();
        var store = ReadModelStore.For(settings.Database);
        var status = new ProjectionStatusStore(store, TimeProvider.System);
        var sales = new ProductSalesReader(store);
        var customers = new CustomerOrdersReader(store);
        var summaries = new OrderSummaryReader(store);
        var slices = settings.Projections.Slices;
        var inSlice = Enumerable.Range(0, 2000).Select(i => $"cu-{i}").Where(id => OrderTags.SliceOf(id, slices) == 1).Take(42).ToList();
        var day = ProductSalesDailyProjection.DayOf(T0);

        await CreateAndPayAsync(region, inSlice[0]);
        await Eventually.Holds(async () => Assert.Equal(1, (await sales.AllAsync()).Single(row => row.Day == day && row.Sku == "HOT").QuantitySold));

        // product_sales_daily falls far behind: paused while 40 more orders are paid in its slice.
        await status.RequestAsync(ProductSalesDailyProjection.ProjectionName, null, ProjectionState.Paused);
        await Eventually.Holds(async () => Assert.All(
            (await status.ReadAllAsync()).Where(row => row.Projection == ProductSalesDailyProjection.ProjectionName),
            row => Assert.Equal(ProjectionState.Paused, row.State)));
        foreach (var orderId in inSlice.Skip(1).Take(40))
        {
            await CreateAndPayAsync(region, orderId);
        }

        // Our own transaction holds the HOT row, so once resumed, product_sales_daily's first catch-up commit waits.
        var dialect = SqlDialect.For(DatabaseProvider.PostgreSql);
        await using var blocker = dialect.CreateConnection(dialect.PrepareConnectionString(HoldingConnection.For(DatabaseProvider.PostgreSql, database.ReadModelConnectionString)));
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = blocker.CreateCommand(hold, "UPDATE product_sales_daily SET quantity_sold = quantity_sold WHERE sku = 'HOT'"))
        {
            Assert.Equal(1, await lockRow.ExecuteNonQueryAsync());
        }

        await status.RequestAsync(ProductSalesDailyProjection.ProjectionName, null, ProjectionState.Running);
        await Task.Delay(settings.Projections.ControlInterval * 2);

        // A new order of the same slice reaches the other projections while product_sales_daily is stuck behind.
        var latest = inSlice[41];
        await SendAsync(region, new CreateOrder(latest, "c-latest", "USD", [new OrderLine("COLD", 1, 2m)], new CommandMetadata(T0)));
        await Eventually.Holds(async () =>
        {
            Assert.NotNull(await summaries.FindAsync(latest));
            Assert.Equal(1, (await customers.FindAsync("c-latest"))?.OrderCount);
        });
        Assert.Equal(1, (await sales.AllAsync()).Single(row => row.Day == day && row.Sku == "HOT").QuantitySold);

        await hold.RollbackAsync();
        var journal = (await new JournalReader(host.System).AllOrderEventsAsync(slices)).Select(e => (IOrderEvent)e.Event).ToList();
        var expected = ReadModelContent.ExpectedFrom(journal);
        await Eventually.Holds(async () =>
        {
            Assert.Equal(41, (await sales.AllAsync()).Single(row => row.Day == day && row.Sku == "HOT").QuantitySold);
            var actual = await ReadModelContent.ReadAsync(store, journal.Select(e => e.OrderId), ["c-hot", "c-latest"]);
            Assert.Equal(expected, actual with { }, ReadModelContentComparer.Instance);
        }, TimeSpan.FromSeconds(30));
    }

    private static async Task CreateAndPayAsync(IActorRef region, string orderId)
    {
        await SendAsync(region, new CreateOrder(orderId, "c-hot", "USD", [new OrderLine("HOT", 1, 3m)], new CommandMetadata(T0)));
        await SendAsync(region, new PayOrder(orderId, "card", 3m, new CommandMetadata(T0.AddMinutes(1))));
    }

    private static async Task SendAsync(IActorRef region, IOrderCommand command) =>
        Assert.IsType<CommandAccepted>(await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)));
}
