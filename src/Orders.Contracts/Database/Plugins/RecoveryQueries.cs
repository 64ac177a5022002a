using System.Data.Common;
using Akka.Configuration;

namespace Orders.Contracts.Database.Plugins;

/// <summary>
/// The two questions every recovery asks, as plain statements on the plugin's own connection string. Akka.Persistence.Sql
/// asks them through linq2db, which translates both queries again on every run and wraps each in a transaction (three
/// round trips); a CPU profile under load put the two at a fifth of the whole process (each new order's first command
/// asks both, inside its plugin's single actor). The statements are <see cref="SqlDialect"/>'s, the same on every
/// database, over the plugin's default tables.
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

    /// <summary>From a journal or snapshot-store plugin's configuration: its <c>provider-name</c> and <c>connection-string</c>.</summary>
    public static RecoveryQueries From(Config pluginConfig)
    {
        var providerName = pluginConfig.GetString("provider-name");
        var connectionString = pluginConfig.GetString("connection-string");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConfigurationException("The Orders journal plugins need their connection-string in the plugin's configuration.");
        }

        return new RecoveryQueries(SqlDialect.ForJournalProviderName(providerName), connectionString);
    }

    /// <summary>The highest sequence number stored for the persistence id above <paramref name="after"/>; 0 when there is none.</summary>
    public async Task<long> HighestSequenceNrAsync(string persistenceId, long after, CancellationToken cancellationToken) =>
        await MaxAsync(_dialect.SelectHighestSequenceNr, persistenceId, after, cancellationToken) ?? 0;

    /// <summary>The sequence number of the persistence id's newest snapshot; null when it has none.</summary>
    public Task<long?> NewestSnapshotSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        MaxAsync(_dialect.SelectNewestSnapshotSequenceNr, persistenceId, after: null, cancellationToken);

    private async Task<long?> MaxAsync(string sql, string persistenceId, long? after, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@pid", persistenceId);
        if (after is { } value)
        {
            Add(command, "@after", value);
        }

        var max = await command.ExecuteScalarAsync(cancellationToken);
        return max is null or DBNull ? null : Convert.ToInt64(max);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
