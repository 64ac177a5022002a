using Orders.Cluster.Configuration;
using Orders.Cluster.Database;

namespace Orders.Projections.Storage;

/// <summary>Read-only questions about the journal's tables that the event stream API does not answer.</summary>
public sealed class JournalTables
{
    private readonly SqlDialect _dialect;
    private readonly string _connectionString;

    public JournalTables(DatabaseSettings database)
    {
        _dialect = SqlDialect.For(database.Provider);
        _connectionString = _dialect.PrepareConnectionString(database.ConnectionString);
    }

    /// <summary>What waits in a tag's stream after <paramref name="offset"/>.</summary>
    public async Task<TagBacklog> BacklogAsync(string tag, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = _dialect.CreateConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _dialect.SelectTagBacklog, ("@tag", tag), ("@offset", offset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = Convert.ToInt64(reader.GetValue(0));
        return count == 0
            ? new TagBacklog(0, offset, null)
            : new TagBacklog(count, Convert.ToInt64(reader.GetValue(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(2))));
    }

    /// <summary>The first event of a tag after <paramref name="offset"/>: the one a stopped stream could not get past.</summary>
    public async Task<(string PersistenceId, long SequenceNr)?> FirstEventAfterAsync(
        string tag, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = _dialect.CreateConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _dialect.SelectFirstTaggedEventAfter, ("@tag", tag), ("@offset", offset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), Convert.ToInt64(reader.GetValue(1))) : null;
    }
}
