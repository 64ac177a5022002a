using Akka.Configuration;
using Microsoft.Data.SqlClient;
using Orders.Cluster.Configuration;
using Orders.Cluster.Database;

namespace Orders.Cluster.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so its configuration and DDL are checked as built, without a server.
/// (docker-compose.yml runs the real thing elsewhere.)
/// </summary>
public sealed class SqlServerConfigurationTests
{
    private const string ConnectionString = "Server=db,1433;Database=Orders;User Id=orders;Password=x;TrustServerCertificate=True";

    private static OrdersSettings Settings() => new()
    {
        Database = new DatabaseSettings { Provider = DatabaseProvider.SqlServer, ConnectionString = ConnectionString },
    };

    [Fact]
    public void The_journal_and_snapshot_store_use_the_sql_server_2022_provider_with_the_configured_connection()
    {
        var plugins = JournalPlugins.For(Settings());

        var journal = plugins.Journal.ToConfig().GetConfig("akka.persistence.journal.sql");
        Assert.Equal("SqlServer.2022", journal.GetString("provider-name"));
        Assert.Equal(ConnectionString, journal.GetString("connection-string"));
        Assert.Equal("TagTable", journal.GetString("tag-write-mode"));
        Assert.True(journal.GetBoolean("auto-initialize"));
        // A batch's tagged journal rows go in one INSERT … OUTPUT, their tags in another (not row by row).
        var tuning = ConfigurationFactory.ParseString(plugins.Hocon).GetConfig("akka.persistence.journal.sql");
        Assert.Equal("parameterized", tuning.GetString("tagtable-asqueryable-insert-mode"));
        Assert.True(tuning.GetBoolean("prefer-parameters-on-multirow-insert"));
        var snapshots = plugins.Snapshots.ToConfig().GetConfig("akka.persistence.snapshot-store.sql");
        Assert.Equal("SqlServer.2022", snapshots.GetString("provider-name"));
        Assert.Equal(ConnectionString, snapshots.GetString("connection-string"));
    }

    [Fact]
    public void The_read_tables_live_in_the_journal_database_and_connect_through_sqlclient()
    {
        var settings = Settings();
        Assert.Equal(ConnectionString, settings.Database.EffectiveReadModelConnectionString);
        using var connection = SqlDialect.For(DatabaseProvider.SqlServer).CreateConnection(ConnectionString);
        Assert.IsType<SqlConnection>(connection);
        Assert.Equal("Orders", connection.Database);
    }

    [Fact]
    public void The_read_table_ddl_is_idempotent_t_sql_with_exact_money_and_offset_timestamps()
    {
        var schema = SqlDialect.For(DatabaseProvider.SqlServer).ReadModelSchema;

        foreach (var table in new[] { "order_summary", "order_lines", "projection_offsets" })
        {
            var create = Assert.Single(schema, statement => statement.Contains($"CREATE TABLE dbo.{table} ("));
            Assert.Contains($"IF OBJECT_ID(N'dbo.{table}', N'U') IS NULL", create);
        }

        var summary = schema.Single(statement => statement.Contains("CREATE TABLE dbo.order_summary"));
        Assert.Contains("total_amount decimal(18,2) NOT NULL", summary);
        Assert.Contains("created_at datetimeoffset NOT NULL", summary);
        Assert.Contains("order_id nvarchar(64) NOT NULL PRIMARY KEY", summary);
        Assert.Contains(schema, statement => statement.Contains("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_order_summary_customer')"));
        Assert.Contains("PRIMARY KEY (projection, slice)", schema.Single(statement => statement.Contains("dbo.projection_offsets (")));
    }

    [Fact]
    public void Creating_a_missing_offset_row_is_safe_under_concurrency()
    {
        var insert = SqlDialect.For(DatabaseProvider.SqlServer).InsertOffsetIfMissing;
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", insert);
        Assert.Contains("WHERE NOT EXISTS", insert);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "SQLite.MS")]
    [InlineData(DatabaseProvider.PostgreSql, "PostgreSQL.15")]
    [InlineData(DatabaseProvider.SqlServer, "SqlServer.2022")]
    public void Each_provider_names_its_linq2db_provider(DatabaseProvider provider, string expected)
    {
        var dialect = SqlDialect.For(provider);
        Assert.Equal(expected, dialect.JournalProviderName);
        Assert.Equal(provider, dialect.Provider);
        var tables = dialect.ReadModelSchema
            .Select(statement => System.Text.RegularExpressions.Regex.Match(statement, @"CREATE TABLE (?:IF NOT EXISTS )?(?:dbo\.)?(\w+)"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .Order()
            .ToList();
        Assert.Equal(
            ["customer_orders", "order_lines", "order_summary", "product_sales_daily", "projection_offsets", "projection_order_state", "projection_status"],
            tables);
    }
}
