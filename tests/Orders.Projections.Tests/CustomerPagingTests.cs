using Orders.Contracts.Configuration;
using Orders.Projections.OrderSummary;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>
/// A customer's orders newest first, a page at a time (the console's listing): orders created at the very same time
/// are ordered by id and none is lost or repeated across a page boundary; another customer's order bounds nothing.
/// </summary>
public abstract class CustomerPagingTests(DatabaseProvider provider) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = TestDatabases.Create(provider);

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task Pages_run_newest_first_through_orders_of_the_same_time_without_loss_or_repeat()
    {
        var store = ReadModelStore.For(_database.Settings().Database);
        await store.MigrateAsync();
        // Five orders at T0+1, in an id order unrelated to insertion; one earlier, one later; another customer's between.
        (string Id, string Customer, DateTimeOffset Created)[] rows =
        [
            ("m-3", "c-1", T0.AddMinutes(1)), ("m-1", "c-1", T0.AddMinutes(1)), ("m-5", "c-1", T0.AddMinutes(1)),
            ("m-2", "c-1", T0.AddMinutes(1)), ("m-4", "c-1", T0.AddMinutes(1)), ("early", "c-1", T0), ("late", "c-1", T0.AddMinutes(2)),
            ("other", "c-2", T0.AddMinutes(1)),
        ];
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            var statements = new StatementBatch();
            var table = OrderSummaryTables.Summary;
            foreach (var (id, customer, created) in rows)
            {
                statements.Add(store.Sql.Insert(table, 1),
                    [.. table.Parameters(0, [id, customer, "pending", 1, 6m, "USD", created, null, null, null, null, 1L, created, "web", null])]);
            }

            await statements.ExecuteAsync(connection, transaction, CancellationToken.None);
            return 0;
        });
        var reader = new OrderSummaryReader(store);

        var seen = new List<string>();
        string? before = null;
        while (true)
        {
            var page = await reader.CustomerPageAsync("c-1", before, 2);
            seen.AddRange(page.Select(row => row.OrderId));
            if (page.Count < 2)
            {
                break;
            }

            before = page[^1].OrderId;
        }

        Assert.Equal(["late", "m-5", "m-4", "m-3", "m-2", "m-1", "early"], seen);
        Assert.Empty(await reader.CustomerPageAsync("c-1", "other", 10));
        Assert.Empty(await reader.CustomerPageAsync("c-1", "no-such-order", 10));
    }
}

public sealed class CustomerPagingTestsOnSqlite() : CustomerPagingTests(DatabaseProvider.Sqlite);

public sealed class CustomerPagingTestsOnPostgreSql() : CustomerPagingTests(DatabaseProvider.PostgreSql);
