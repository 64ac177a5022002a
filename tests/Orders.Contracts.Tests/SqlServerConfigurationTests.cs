using Akka.Configuration;
using Microsoft.Data.SqlClient;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;

namespace Orders.Contracts.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so its configuration and DDL are checked as built, without a server.
/// (docker-compose.yml runs the real thing elsewhere; the read side's T-SQL is checked in Orders.Projections.Tests.)
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
        Assert.Equal(ConnectionString, new OrdersDatabase(settings.Database).ConfiguredReadModelConnectionString);
        using var connection = SqlDialect.For(DatabaseProvider.SqlServer).CreateConnection(ConnectionString);
        Assert.IsType<SqlConnection>(connection);
        Assert.Equal("Orders", connection.Database);
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
    }
}
