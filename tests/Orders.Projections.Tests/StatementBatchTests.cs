using Orders.Contracts.Configuration;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>
/// A commit's statements run in one batch; rows that many orders add to (a customer's totals) run last, so the row
/// locks other slices' workers wait for are held for the shortest time. Indexes returned by Add stay the statements' own.
/// </summary>
public abstract class StatementBatchTests(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = TestDatabases.Create(provider);
    private ReadModelStore Store => ReadModelStore.For(_database.Settings().Database);

    public async Task InitializeAsync() => await Store.MigrateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Only_tables_that_many_orders_add_to_have_shared_rows()
    {
        Assert.True(CustomerOrdersProjection.Table.RowsAreShared);
        Assert.True(ProductSales.ProductSalesDailyProjection.Table.RowsAreShared);
        Assert.False(OrderSummaryTables.Summary.RowsAreShared);
        Assert.False(Runtime.RuntimeTables.OrderStates.RowsAreShared);
    }

    [SkippableFact]
    public async Task Shared_rows_are_written_after_every_other_statement_and_the_indexes_are_kept()
    {
        var store = Store;
        var table = CustomerOrdersProjection.Table;
        var statements = new StatementBatch();
        // Added first, a customer's totals; then a statement that would change them if it ran after them.
        statements.AddRows(table, [["c-1", 1, 1, 10m, null]], rows => store.Sql.AddTo(table, rows));
        var update = statements.Add("UPDATE customer_orders SET order_count = 100 WHERE customer_id = @id", ("@id", "c-1"));

        var affected = await store.InTransactionAsync((connection, transaction) => statements.ExecuteAsync(connection, transaction, default));

        Assert.Equal(0, update); // the first statement of the batch, though added second
        Assert.Equal(2, affected.Length);
        Assert.Equal(0, affected[update]); // it ran before the totals existed
        Assert.Equal(1, affected[1]); // the totals' statement, last
        Assert.Equal(1, (await new CustomerOrdersReader(store).FindAsync("c-1"))!.OrderCount);
    }
}

public sealed class StatementBatchTestsOnSqlite() : StatementBatchTests(DatabaseProvider.Sqlite);

public sealed class StatementBatchTestsOnPostgreSql() : StatementBatchTests(DatabaseProvider.PostgreSql);
