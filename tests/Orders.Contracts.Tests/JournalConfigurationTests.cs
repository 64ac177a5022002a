using Orders.Contracts.Configuration;
using Akka.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Database.Plugins;
using Orders.Testing;

namespace Orders.Contracts.Tests;

/// <summary>The settings the composition means to give the journal really reach the running actor system.</summary>
public sealed class JournalConfigurationTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Query_latency_gap_wait_and_circuit_breaker_settings_are_in_force()
    {
        var settings = _database.Settings(slices: 6);
        settings.Database.CircuitBreaker.ResetTimeout = TimeSpan.FromSeconds(7);
        using var host = OrdersTestHost.Start(settings);
        var config = host.System.Settings.Config;

        var retrieval = config.GetConfig("akka.persistence.query.journal.sql.journal-sequence-retrieval");
        Assert.Equal(TimeSpan.FromMilliseconds(10), retrieval.GetTimeSpan("query-delay"));
        // The read side waits this long for a missing ordering number before moving past it: keep it ≥ 10 s.
        Assert.True(retrieval.GetTimeSpan("query-delay") * retrieval.GetInt("max-tries") >= TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(5), config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.reset-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout"));
        Assert.Equal(6, config.GetInt("orders.projections.slices"));
        Assert.Equal("ddata", config.GetString("akka.cluster.sharding.state-store-mode"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        // SQLite's single writer keeps the plugin's row-by-row tagged inserts (batching them measured no gain there).
        Assert.Equal("off", config.GetString("akka.persistence.journal.sql.tagtable-asqueryable-insert-mode"));
        // Recoveries ask their first questions with plain statements (Database/Plugins).
        Assert.StartsWith("Orders.Contracts.Database.Plugins.OrdersJournal, Orders.Contracts", config.GetString("akka.persistence.journal.sql.class"));
        Assert.StartsWith("Orders.Contracts.Database.Plugins.OrdersSnapshotStore, Orders.Contracts", config.GetString("akka.persistence.snapshot-store.sql.class"));
    }

    [Fact]
    public void The_recovery_statements_of_the_plugins_find_their_database_by_the_plugins_provider_name()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            Assert.Equal(provider, SqlDialect.ForJournalProviderName(SqlDialect.For(provider).JournalProviderName).Provider);
        }

        var refused = Assert.Throws<ArgumentException>(() => SqlDialect.ForJournalProviderName("Oracle"));
        Assert.Contains("'Oracle'", refused.Message);
        Assert.Contains("SqlServer.2022", refused.Message);
    }

    [Fact]
    public void The_plugins_ask_with_plain_statements_only_where_their_configuration_is_the_default()
    {
        using var host = OrdersTestHost.Start(_database.Settings());
        var journal = host.System.Settings.Config.GetConfig("akka.persistence.journal.sql");
        var snapshots = host.System.Settings.Config.GetConfig("akka.persistence.snapshot-store.sql");
        Assert.NotNull(RecoveryQueries.ForJournal(journal));
        Assert.NotNull(RecoveryQueries.ForSnapshots(snapshots));

        // Anywhere the plain statement would not ask the plugin's own table, the plugin asks as it always did.
        Assert.Null(RecoveryQueries.ForJournal(ConfigurationFactory.ParseString("delete-compatibility-mode = on").WithFallback(journal)));
        Assert.Null(RecoveryQueries.ForJournal(ConfigurationFactory.ParseString($"{journal.GetString("table-mapping")}.schema-name = audit").WithFallback(journal)));
        Assert.Null(RecoveryQueries.ForJournal(ConfigurationFactory.ParseString("connection-string = \"\"").WithFallback(journal)));
        Assert.Null(RecoveryQueries.ForSnapshots(ConfigurationFactory.ParseString($"{snapshots.GetString("table-mapping")}.schema-name = audit").WithFallback(snapshots)));
    }
}
