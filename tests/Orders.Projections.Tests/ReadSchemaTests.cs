using Orders.Contracts.Configuration;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>The read tables are declared once, as data; each provider's DDL and row statements are rendered from that.</summary>
public sealed class ReadSchemaTests
{
    private static readonly string[] AllTables =
        ["customer_orders", "order_lines", "order_summary", "product_sales_daily", "projection_offsets", "projection_order_state", "projection_status"];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_provider_creates_every_declared_table_and_index(DatabaseProvider provider)
    {
        var sql = ReadSideSql.For(provider);
        var schema = sql.Schema(ReadSchema.Tables);

        Assert.Equal(AllTables, ReadSchema.Tables.Select(table => table.Name).Order());
        foreach (var table in ReadSchema.Tables)
        {
            var create = Assert.Single(schema, statement => statement.Contains($"CREATE TABLE {(provider == DatabaseProvider.SqlServer ? "dbo." : "IF NOT EXISTS ")}{table.Name} ("));
            foreach (var column in table.Columns)
            {
                Assert.Contains($"{column.Sql} {sql.TypeOf(column.Type)} {(column.Nullable ? "NULL" : "NOT NULL")}", create);
            }

            Assert.Contains($"PRIMARY KEY ({string.Join(", ", table.Key.Select(c => c.Sql))})", create);
        }

        foreach (var index in new[] { "ix_order_summary_customer ", "ix_order_summary_customer_created " })
        {
            Assert.Single(schema, statement => statement.Contains("CREATE INDEX " + (provider == DatabaseProvider.SqlServer ? "" : "IF NOT EXISTS ") + index));
        }

        Assert.Equal(ReadSchema.Tables.Count + ReadSchema.Tables.Sum(table => table.Indexes.Count), schema.Count);
    }

    [Fact]
    public void SQL_Server_DDL_is_idempotent_with_exact_money_unicode_keys_and_offset_timestamps()
    {
        var schema = ReadSideSql.For(DatabaseProvider.SqlServer).Schema(ReadSchema.Tables);

        var summary = Assert.Single(schema, statement => statement.Contains("CREATE TABLE dbo.order_summary ("));
        Assert.StartsWith("IF OBJECT_ID(N'dbo.order_summary', N'U') IS NULL", summary);
        Assert.Contains("total_amount decimal(18,2) NOT NULL", summary);
        Assert.Contains("created_at datetimeoffset NOT NULL", summary);
        Assert.Contains("paid_at datetimeoffset NULL", summary);
        Assert.Contains("order_id nvarchar(64) NOT NULL", summary);
        Assert.Contains("currency nchar(3) NOT NULL", summary);
        Assert.Contains("PRIMARY KEY (order_id)", summary);
        Assert.Contains(schema, statement => statement.StartsWith(
            "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_order_summary_customer' AND object_id = OBJECT_ID(N'dbo.order_summary'))"));
        Assert.Contains("\"offset\" bigint NOT NULL", schema.Single(statement => statement.Contains("dbo.projection_offsets (")));
        Assert.Contains("state nvarchar(max) NOT NULL", schema.Single(statement => statement.Contains("dbo.projection_order_state (")));
    }

    [Fact]
    public void PostgreSQL_DDL_uses_exact_numeric_and_timestamptz()
    {
        var schema = PostgreSqlReadSideSql.Instance.Schema(ReadSchema.Tables);
        var summary = Assert.Single(schema, statement => statement.Contains("CREATE TABLE IF NOT EXISTS order_summary ("));
        Assert.Contains("total_amount numeric(18,2) NOT NULL", summary);
        Assert.Contains("created_at timestamptz NOT NULL", summary);
        Assert.Contains("currency char(3) NOT NULL", summary);
        Assert.Contains("day date NOT NULL", schema.Single(statement => statement.Contains("product_sales_daily (")));
    }

    [Fact]
    public void A_shadow_table_is_the_same_declaration_under_the_rebuild_name_without_secondary_indexes()
    {
        var shadow = OrderSummaryTables.Summary.In(ReadTables.Shadow);

        Assert.Equal("order_summary__rebuild", shadow.Name);
        Assert.Equal(OrderSummaryTables.Summary.Columns, shadow.Columns);
        Assert.Equal(OrderSummaryTables.Summary.Key, shadow.Key);
        Assert.Empty(shadow.Indexes);
        Assert.Same(OrderSummaryTables.Summary, OrderSummaryTables.Summary.In(ReadTables.Live));
        Assert.Equal("order_summary", OrderSummaryTables.Summary.Name);
        Assert.Equal(["ix_order_summary_customer", "ix_order_summary_customer_created"], OrderSummaryTables.Summary.Indexes.Select(index => index.Name));
        Assert.Equal(
            "INSERT INTO order_summary (order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at, shipped_at, delivered_at, cancelled_at, version, updated_at, sales_channel, payment_reference) " +
            "SELECT order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at, shipped_at, delivered_at, cancelled_at, version, updated_at, sales_channel, payment_reference FROM order_summary__rebuild",
            SqliteReadSideSql.Instance.CopyAllRows(shadow, OrderSummaryTables.Summary));
    }

    [Fact]
    public void A_declaration_with_an_unknown_key_a_nullable_key_or_an_odd_name_is_refused()
    {
        ReadColumn[] columns = [new("id", ColumnType.Text(64)), new("note", ColumnType.LongText, Nullable: true)];

        Assert.Contains("'missing'", Assert.Throws<ArgumentException>(() => new ReadTable("t", columns, ["missing"])).Message);
        Assert.Contains("non-null", Assert.Throws<ArgumentException>(() => new ReadTable("t", columns, ["note"])).Message);
        Assert.Contains("identifier", Assert.Throws<ArgumentException>(() => new ReadTable("t; DROP TABLE x", columns, ["id"])).Message);
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => new ReadTable("t", columns, ["id"], new ReadIndex("ix_t", "nope"))).Message);
        Assert.Equal("t", new ReadTable("t", columns, ["id"]).Name);
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 1 })]
    [InlineData(13, new[] { 8, 4, 1 })]
    [InlineData(64, new[] { 64 })]
    [InlineData(200, new[] { 64, 64, 64, 8 })]
    public void Rows_go_in_statements_of_few_distinct_sizes(int rows, int[] sizes)
    {
        Assert.Equal(sizes, ReadSideSql.StatementSizes(rows));
    }

    [Fact]
    public void Reserved_words_are_quoted_wherever_a_column_is_rendered()
    {
        Assert.Equal("\"offset\"", new ReadColumn("offset", ColumnType.Int64).Sql);
        Assert.Equal("slice", new ReadColumn("slice", ColumnType.Int32).Sql);
    }

    [Fact]
    public void SQL_Server_combines_a_statements_rows_by_key_before_it_merges_them()
    {
        // A case-insensitive collation can make two keys of one batch ("Alice", "alice") one row: MERGE would refuse it.
        var merge = SqlServerReadSideSql.Instance.AddTo(CustomerOrdersProjection.Table, 3);
        Assert.Contains("SUM(v.order_count)", merge);
        Assert.Contains("SUM(v.total_spent)", merge);
        Assert.Contains("MAX(v.last_order_at)", merge);
        Assert.Contains("GROUP BY customer_id) AS s (customer_id, order_count, open_count, total_spent, last_order_at)", merge);
        Assert.StartsWith("MERGE customer_orders WITH (HOLDLOCK) AS t", merge);
    }

    [Fact]
    public void Creating_a_missing_offset_row_on_SQL_Server_is_safe_under_concurrency()
    {
        var insert = SqlServerReadSideSql.Instance.InsertOffsetIfMissing;
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", insert);
        Assert.Contains("WHERE NOT EXISTS", insert);
    }
}

/// <summary>The rendered statements against a real database: the schema twice, and multi-row upserts that merge as declared.</summary>
public abstract class RenderedStatementTests(DatabaseProvider provider) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = TestDatabases.Create(provider);

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task Multi_row_upserts_add_sums_keep_the_latest_time_and_span_several_statement_sizes()
    {
        var store = ReadModelStore.For(_database.Settings().Database);
        await store.MigrateAsync();
        await store.MigrateAsync();
        var table = CustomerOrdersProjection.Table;

        // 70 customers: statements of 64, 4 and 2 rows. The second round adds to every row the first one stored.
        object?[] Row(int i, int round) =>
            [$"c-{i:000}", 1, round == 0 ? 1 : -1, 10.10m * (round + 1), round == 0 ? T0.AddMinutes(i) : i % 2 == 0 ? T0.AddDays(1) : null];
        for (var round = 0; round < 2; round++)
        {
            var statements = new StatementBatch();
            statements.AddRows(table, Enumerable.Range(0, 70).Select(i => Row(i, round)).ToList(), rows => store.Sql.AddTo(table, rows));
            Assert.Equal(3, statements.Count);
            await store.InTransactionAsync((connection, transaction) => statements.ExecuteAsync(connection, transaction, CancellationToken.None));
        }

        var reader = new CustomerOrdersReader(store);
        foreach (var i in new[] { 0, 1, 63, 64, 69 })
        {
            var row = await reader.FindAsync($"c-{i:000}");
            Assert.NotNull(row);
            Assert.Equal(new CustomerOrdersRow($"c-{i:000}", 2, 0, 30.30m, i % 2 == 0 ? T0.AddDays(1) : T0.AddMinutes(i)), row);
        }

        Assert.Null(await reader.FindAsync("c-070"));
    }
}

public sealed class RenderedStatementTestsOnSqlite() : RenderedStatementTests(DatabaseProvider.Sqlite);

public sealed class RenderedStatementTestsOnPostgreSql() : RenderedStatementTests(DatabaseProvider.PostgreSql);
