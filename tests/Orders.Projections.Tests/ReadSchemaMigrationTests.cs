using Orders.Contracts.Configuration;
using Orders.Projections.OrderSummary;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>
/// The read tables' versions: a database the service created before versions were kept (its DDL is a checked-in
/// fixture, <c>Fixtures/read-schema-v1.*.sql</c>) upgrades in place with its rows kept, each step runs once, and
/// version 1 stays exactly what shipped.
/// </summary>
public sealed class ReadSchemaVersionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Version_one_is_the_schema_that_shipped_before_versions_were_kept(DatabaseProvider provider)
    {
        var sql = ReadSideSql.For(provider);
        var rendered = sql.Script(ReadSchemaMigrations.All[0].Statements(sql));
        var path = ReadSchemaMigrationTests.FixturePath(provider);
        if (!File.Exists(path))
        {
            // A new provider: write its fixture once (into the source tree), review it, and commit it.
            var source = Path.Combine(ServiceProcess.RepositoryFolder, "tests", "Orders.Testing", "Fixtures", Path.GetFileName(path));
            File.WriteAllText(source, rendered);
            Assert.Fail($"no fixture for {provider}: wrote {source}; review and commit it");
        }

        Assert.Equal(File.ReadAllText(path), rendered);
    }

    [Fact]
    public void Steps_are_numbered_in_order_and_every_later_column_and_index_is_added_by_its_step()
    {
        Assert.Equal(Enumerable.Range(1, ReadSchemaMigrations.All.Count), ReadSchemaMigrations.All.Select(m => m.Version));
        Assert.Equal(["0001-read-tables", "0002-sales-channel-and-payment-reference", "0003-customer-orders-newest-first"], ReadSchemaMigrations.All.Select(m => m.ScriptName));
        var sql = ReadSideSql.For(DatabaseProvider.PostgreSql);
        Assert.Equal(
        [
            "ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS sales_channel varchar(16) NULL",
            "ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS payment_reference varchar(200) NULL",
        ], ReadSchemaMigrations.All[1].Statements(sql));
        Assert.Equal(
        [
            "CREATE INDEX IF NOT EXISTS ix_order_summary_customer_created ON order_summary (customer_id, created_at, order_id)",
        ], ReadSchemaMigrations.All[2].Statements(sql));
        // Version 1 rendered as it shipped: without the index version 3 adds.
        Assert.DoesNotContain("ix_order_summary_customer_created", string.Join("\n", ReadSchemaMigrations.All[0].Statements(sql)));
    }
}

public abstract class ReadSchemaMigrationTests(DatabaseProvider provider) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = TestDatabases.Create(provider);

    public static string FixturePath(DatabaseProvider provider) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", $"read-schema-v1.{provider.ToString().ToLowerInvariant()}.sql");

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task A_database_made_before_versions_upgrades_in_place_and_keeps_its_rows()
    {
        // The schema exactly as the service created it before versions were kept, with rows in it.
        await _database.ExecuteOnReadModelAsync(File.ReadAllText(FixturePath(provider)));
        var store = ReadModelStore.For(_database.Settings().Database);
        var summary = OrderSummaryTables.Summary.AsOf(1);
        object?[] old = ["o-old", "c-1", "paid", 1, 12.50m, "EUR", T0, T0.AddMinutes(1), null, null, null, 2L, T0.AddMinutes(1)];
        var lines = OrderSummaryTables.Lines;
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            var statements = new StatementBatch();
            statements.Add(store.Sql.Insert(summary, 1), [.. summary.Parameters(0, old)]);
            statements.Add(store.Sql.Insert(lines, 1), [.. lines.Parameters(0, ["o-old", "A", 1, 12.50m, 12.50m])]);
            await statements.ExecuteAsync(connection, transaction, CancellationToken.None);
            return 0;
        });
        await new ProjectionOffsets(store, TimeProvider.System).SetAsync(OrderSummaryProjection.ProjectionName, 2, 41);
        Assert.Equal(["0001-read-tables", "0002-sales-channel-and-payment-reference", "0003-customer-orders-newest-first"], await store.PendingMigrationsAsync());

        Assert.Equal(["0001-read-tables", "0002-sales-channel-and-payment-reference", "0003-customer-orders-newest-first"], await store.MigrateAsync());

        Assert.Empty(await store.PendingMigrationsAsync());
        Assert.Empty(await store.MigrateAsync());
        var view = await new OrderSummaryReader(store).FindAsync("o-old");
        Assert.NotNull(view);
        Assert.Equal(new OrderSummaryRow("o-old", "c-1", "paid", 1, 12.50m, "EUR", T0, T0.AddMinutes(1), null, null, null, 2, T0.AddMinutes(1), null, null),
            view.Summary);
        Assert.Equal([new OrderLineRow("o-old", "A", 1, 12.50m, 12.50m)], view.Lines);
        Assert.Equal(41, await new ProjectionOffsets(store, TimeProvider.System).LoadAsync(OrderSummaryProjection.ProjectionName, 2));

        // The new columns take values from now on.
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            var statements = new StatementBatch();
            statements.Add(store.Sql.UpdateByKey(OrderSummaryTables.Summary),
                [.. OrderSummaryTables.Summary.Parameters(0, [.. old, "store", "psp-1"])]);
            await statements.ExecuteAsync(connection, transaction, CancellationToken.None);
            return 0;
        });
        var updated = (await new OrderSummaryReader(store).FindAsync("o-old"))!.Summary;
        Assert.Equal(("store", "psp-1"), (updated.SalesChannel, updated.PaymentReference));
        Assert.Equal(["o-old"], (await new OrderSummaryReader(store).CustomerPageAsync("c-1", null, 10)).Select(row => row.OrderId));
    }

    [SkippableFact]
    public async Task Hosts_starting_together_apply_each_step_once()
    {
        var stores = Enumerable.Range(0, 3).Select(_ => ReadModelStore.For(_database.Settings().Database)).ToList();

        var applied = await Task.WhenAll(stores.Select(store => store.MigrateAsync()));

        Assert.Equal(["0001-read-tables", "0002-sales-channel-and-payment-reference", "0003-customer-orders-newest-first"], applied.SelectMany(steps => steps).Order());
        Assert.Empty(await stores[0].PendingMigrationsAsync());
    }
}

public sealed class ReadSchemaMigrationTestsOnSqlite() : ReadSchemaMigrationTests(DatabaseProvider.Sqlite);

public sealed class ReadSchemaMigrationTestsOnPostgreSql() : ReadSchemaMigrationTests(DatabaseProvider.PostgreSql);
