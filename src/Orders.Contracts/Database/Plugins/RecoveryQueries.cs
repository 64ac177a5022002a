using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Config = Akka.Configuration.Config;

namespace Orders.Contracts.Database.Plugins;

/// <summary>
/// The two questions every recovery asks, as plain statements on the plugin's own connection string. Akka.Persistence.Sql
/// asks them through linq2db, which translates both queries again on every run, each inside a transaction; a CPU
/// profile under load put the two at a fifth of the whole process (bench/README.md, stop 27): each new order's first
/// command asks both, inside its plugin's single actor. The statements are <see cref="SqlDialect"/>'s, the same on
/// every database, over the plugin's default tables — so they are only used where the plugin's configuration is that
/// default (no schema, default table and column names, no delete-compatibility mode) and names its connection string;
/// anywhere else the plugins ask as they always did.
/// </summary>
public sealed class RecoveryQueries
{
    private readonly SqlDialect _dialect;
    private readonly string _connectionString;

    private RecoveryQueries(SqlDialect dialect, string connectionString)
    {
        _dialect = dialect;
        _connectionString = connectionString;
    }

    /// <summary>For a journal plugin's configuration; null where the plain statement would not ask the plugin's own table.</summary>
    public static RecoveryQueries? ForJournal(Config journalConfig)
    {
        var config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var table = config.TableConfig.EventJournalTable;
        var asTheDefault = !config.DaoConfig.SqlCommonCompatibilityMode && string.IsNullOrEmpty(config.TableConfig.SchemaName)
                           && table is { Name: "journal", ColumnNames: { PersistenceId: "persistence_id", SequenceNumber: "sequence_number" } };
        return asTheDefault ? Create(config.ProviderName, config.ConnectionString) : null;
    }

    /// <summary>For a snapshot-store plugin's configuration; null where the plain statement would not ask the plugin's own table.</summary>
    public static RecoveryQueries? ForSnapshots(Config snapshotConfig)
    {
        var config = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        var table = config.TableConfig.SnapshotTable;
        var asTheDefault = string.IsNullOrEmpty(config.TableConfig.SchemaName)
                           && table is { Name: "snapshot", ColumnNames: { PersistenceId: "persistence_id", SequenceNumber: "sequence_number" } };
        return asTheDefault ? Create(config.ProviderName, config.ConnectionString) : null;
    }

    private static RecoveryQueries? Create(string providerName, string connectionString) =>
        string.IsNullOrWhiteSpace(connectionString) || string.IsNullOrWhiteSpace(providerName)
            ? null
            : new RecoveryQueries(SqlDialect.ForJournalProviderName(providerName), connectionString);

    /// <summary>The highest sequence number stored for the persistence id above <paramref name="after"/>; 0 when there is none.</summary>
    public async Task<long> HighestSequenceNrAsync(string persistenceId, long after, CancellationToken cancellationToken) =>
        await MaxAsync(_dialect.SelectHighestSequenceNr, persistenceId, after, cancellationToken) ?? 0;

    /// <summary>The sequence number of the persistence id's newest snapshot; null when it has none.</summary>
    public Task<long?> NewestSnapshotSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        MaxAsync(_dialect.SelectNewestSnapshotSequenceNr, persistenceId, after: null, cancellationToken);

    private async Task<long?> MaxAsync(string sql, string persistenceId, long? after, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand(null, sql,
            after is { } value ? [("@pid", persistenceId), ("@after", value)] : [("@pid", persistenceId)]);
        var max = await command.ExecuteScalarAsync(cancellationToken);
        return max is null or DBNull ? null : Convert.ToInt64(max);
    }
}
