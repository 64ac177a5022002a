using Orders.Contracts.Configuration;
using Microsoft.Data.Sqlite;
using Orders.Contracts.Database;

namespace Orders.Contracts.Tests;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void On_sqlite_the_read_tables_default_to_a_file_beside_the_journal()
    {
        var settings = new DatabaseSettings { ConnectionString = "Data Source=data/orders.db;Default Timeout=5" };
        var read = new SqliteConnectionStringBuilder(new OrdersDatabase(settings).ConfiguredReadModelConnectionString);
        Assert.Equal(Path.Combine("data", "orders-read.db"), read.DataSource);
        Assert.Equal(5, read.DefaultTimeout);
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void On_a_server_the_read_tables_default_to_the_journal_database(DatabaseProvider provider)
    {
        var settings = new DatabaseSettings { Provider = provider, ConnectionString = "Host=db;Database=orders" };
        Assert.Equal("Host=db;Database=orders", new OrdersDatabase(settings).ConfiguredReadModelConnectionString);
    }

    [Theory]
    [InlineData("Host=db;Database=orders", 128)]
    [InlineData("Host=db;Database=orders;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=orders;MaxAutoPrepare=5", 5)]
    public void On_postgresql_the_read_side_prepares_its_statements_unless_told_otherwise(string given, int maxAutoPrepare)
    {
        var prepared = new Npgsql.NpgsqlConnectionStringBuilder(
            Orders.Contracts.Database.SqlDialect.For(DatabaseProvider.PostgreSql).PrepareReadModelConnectionString(given));
        Assert.Equal(maxAutoPrepare, prepared.MaxAutoPrepare);
        Assert.Equal(("db", "orders"), (prepared.Host, prepared.Database));
    }

    [Fact]
    public void An_explicit_read_model_connection_string_wins()
    {
        var settings = new DatabaseSettings { ConnectionString = "Data Source=a.db", ReadModelConnectionString = "Data Source=b.db" };
        Assert.Equal("Data Source=b.db", new OrdersDatabase(settings).ConfiguredReadModelConnectionString);
    }
}
