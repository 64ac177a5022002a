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
    public void On_postgresql_the_service_prepares_its_statements_unless_told_otherwise(string given, int maxAutoPrepare)
    {
        var prepared = new Npgsql.NpgsqlConnectionStringBuilder(
            Orders.Contracts.Database.SqlDialect.For(DatabaseProvider.PostgreSql).PrepareServiceConnectionString(given));
        Assert.Equal(maxAutoPrepare, prepared.MaxAutoPrepare);
        Assert.Equal(("db", "orders"), (prepared.Host, prepared.Database));
    }

    [Fact]
    public void On_postgresql_the_journal_and_the_read_tables_both_prepare_their_statements_and_plain_connections_do_not()
    {
        var database = new OrdersDatabase(new DatabaseSettings
        {
            Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Database=orders",
            ReadModelConnectionString = "Host=db;Database=reads",
        });
        Assert.Equal(128, new Npgsql.NpgsqlConnectionStringBuilder(database.JournalConnectionString).MaxAutoPrepare);
        Assert.Equal(128, new Npgsql.NpgsqlConnectionStringBuilder(database.ReadModelConnectionString).MaxAutoPrepare);
        Assert.Equal(2, new Npgsql.NpgsqlConnectionStringBuilder(database.JournalConnectionString).AutoPrepareMinUsages);
        // The plain preparation (the benchmark's raw baselines, test set-up) keeps Npgsql's default: nothing prepared.
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(database.Dialect.PrepareConnectionString("Host=db;Database=orders")).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Database=orders", "-c idle_in_transaction_session_timeout=5000")]
    [InlineData("Host=db;Database=orders;Options=-c search_path=orders", "-c search_path=orders -c idle_in_transaction_session_timeout=5000")]
    [InlineData("Host=db;Database=orders;Options=-c idle_in_transaction_session_timeout=60000", "-c idle_in_transaction_session_timeout=60000")]
    public void On_postgresql_a_transaction_left_idle_is_ended_by_the_server_unless_the_connection_string_says_otherwise(string given, string options)
    {
        var dialect = Orders.Contracts.Database.SqlDialect.For(DatabaseProvider.PostgreSql);
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(dialect.PrepareConnectionString(given)).Options);
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(dialect.PrepareServiceConnectionString(given)).Options);
    }

    [SkippableFact]
    public async Task On_postgresql_a_frozen_writer_s_open_transaction_is_rolled_back_and_its_locks_released()
    {
        using var database = Orders.Testing.TestDatabases.Create(DatabaseProvider.PostgreSql);
        var dialect = SqlDialect.For(DatabaseProvider.PostgreSql);
        var connectionString = dialect.PrepareConnectionString(database.ConnectionString);
        await using var frozen = dialect.CreateConnection(connectionString);
        await frozen.OpenAsync();
        await using var transaction = await frozen.BeginTransactionAsync();
        await using (var take = frozen.CreateCommand())
        {
            take.Transaction = transaction;
            take.CommandText = "SELECT pg_advisory_xact_lock(4242)";
            await take.ExecuteNonQueryAsync();
        }

        var idleSince = System.Diagnostics.Stopwatch.StartNew();

        // The writer sends nothing more (a paused process). Another one finds the lock taken, waits for it, and gets
        // it once the server has ended the idle transaction — not when the frozen one comes back.
        await using var other = dialect.CreateConnection(connectionString);
        await other.OpenAsync();
        await using (var probe = other.CreateCommand())
        {
            probe.CommandText = "SELECT pg_try_advisory_lock(4242)";
            Assert.Equal(false, await probe.ExecuteScalarAsync());
        }

        await using var wait = other.CreateCommand();
        wait.CommandText = "SELECT pg_advisory_lock(4242)";
        await wait.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(idleSince.Elapsed, PostgreSqlDialectTimeout - TimeSpan.FromMilliseconds(500), PostgreSqlDialectTimeout + TimeSpan.FromSeconds(10));

        // The frozen writer's transaction is gone: its COMMIT cannot land late.
        await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitAsync());
    }

    private static TimeSpan PostgreSqlDialectTimeout => Orders.Contracts.Database.PostgreSql.PostgreSqlDialect.IdleInTransactionTimeout;

    [Fact]
    public void An_explicit_read_model_connection_string_wins()
    {
        var settings = new DatabaseSettings { ConnectionString = "Data Source=a.db", ReadModelConnectionString = "Data Source=b.db" };
        Assert.Equal("Data Source=b.db", new OrdersDatabase(settings).ConfiguredReadModelConnectionString);
    }
}
