using System.Data.Common;
using System.Runtime.Serialization;
using Akka.Persistence.Query;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Serialization;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Storage;

/// <summary>Read-only questions about the journal's tables that the event stream API does not answer.</summary>
public sealed class JournalTables
{
    private readonly SqlDialect _dialect;
    private readonly ReadSideSql _sql;
    private readonly string _connectionString;

    public JournalTables(OrdersDatabase database)
    {
        _dialect = database.Dialect;
        _sql = ReadSideSql.For(database.Provider);
        _connectionString = database.JournalConnectionString;
    }

    /// <summary>For tools and tests without a host: resolves the database from its settings.</summary>
    public JournalTables(DatabaseSettings database)
        : this(new OrdersDatabase(database))
    {
    }

    /// <summary>What waits in a tag's stream after <paramref name="offset"/>.</summary>
    public async Task<TagBacklog> BacklogAsync(string tag, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectTagBacklog, ("@tag", tag), ("@offset", offset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = Convert.ToInt64(reader.GetValue(0));
        return count == 0
            ? new TagBacklog(0, offset, null)
            : new TagBacklog(count, Convert.ToInt64(reader.GetValue(1)),
                new DateTimeOffset(Convert.ToInt64(reader.GetValue(2)), TimeSpan.Zero));
    }

    /// <summary>
    /// The first event of a tag after <paramref name="offset"/> that this code cannot read: the one a stopped
    /// stream could not get past. Looks at most <paramref name="limit"/> events ahead.
    /// </summary>
    public async Task<(string PersistenceId, long SequenceNr)?> FirstUnreadableAfterAsync(
        string tag, long offset, int limit = 1000, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectTaggedEventsAfter,
            ("@tag", tag), ("@offset", offset), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var identifier = reader.IsDBNull(2) ? (int?)null : Convert.ToInt32(reader.GetValue(2));
            var manifest = reader.IsDBNull(3) ? "" : reader.GetString(3);
            if (identifier != OrderEventSerializer.SerializerId || !CanRead((byte[])reader.GetValue(4), manifest))
            {
                return (reader.GetString(0), Convert.ToInt64(reader.GetValue(1)));
            }
        }

        return null;
    }

    /// <summary>The ordering numbers of a tag's events in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first: the index alone, no payload.</summary>
    public async Task<IReadOnlyList<long>> OrderingsAsync(string tag, long after, long upTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectTagOrderings, ("@tag", tag), ("@after", after), ("@up_to", upTo));
        return await ReadOrderingsAsync(command, cancellationToken);
    }

    /// <summary>
    /// A tag's events at these ordering numbers, oldest first, as the read journal would deliver them: the payload
    /// deserialized by <paramref name="deserialize"/> (payload, serializer id, manifest).
    /// </summary>
    public async Task<IReadOnlyList<EventEnvelope>> EventsAtAsync(
        string tag, IReadOnlyList<long> orderings, Func<byte[], int, string, object> deserialize, CancellationToken cancellationToken = default)
    {
        var envelopes = new List<EventEnvelope>();
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var chunk in orderings.Chunk(200))
        {
            await using var command = connection.CreateCommand(null, _sql.SelectTaggedEventsAt(chunk.Length),
                [("@tag", tag), ("@deleted", false), .. chunk.Select((ordering, i) => ($"@o{i}", (object?)ordering))]);
            envelopes.AddRange((await ReadStoredAsync(command, tag, cancellationToken)).Select(stored => stored.ToEnvelope(deserialize)));
        }

        return envelopes;
    }

    /// <summary>
    /// A tag's stored events in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first, at most
    /// <paramref name="limit"/>, not yet deserialized: the reader turns each into its event when it needs it, so an
    /// unreadable one stops a read there and not before.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsBetweenAsync(
        string tag, long after, long upTo, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectTaggedEventsBetween,
            ("@tag", tag), ("@after", after), ("@up_to", upTo), ("@deleted", false), ("@limit", limit));
        return await ReadStoredAsync(command, tag, cancellationToken);
    }

    /// <summary>
    /// The highest ordering number in (<paramref name="after"/>, <paramref name="upTo"/>] and how many numbers of that
    /// range the journal holds; (<paramref name="after"/>, 0) when it holds none.
    /// </summary>
    public async Task<(long Max, long Count)> OrderingSpanAsync(long after, long upTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectOrderingSpan, ("@after", after), ("@up_to", upTo));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? (after, 0) : (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
    }

    /// <summary>
    /// The journal's ordering numbers in (<paramref name="after"/>, <paramref name="upTo"/>], lowest first, at most
    /// <paramref name="limit"/>: the key alone.
    /// </summary>
    public async Task<IReadOnlyList<long>> JournalOrderingsAsync(long after, long upTo, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectJournalOrderings, ("@after", after), ("@up_to", upTo), ("@limit", limit));
        return await ReadOrderingsAsync(command, cancellationToken);
    }

    /// <summary>The journal's ordering numbers within the given ranges (inclusive), lowest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<long>> OrderingsInRangesAsync(
        IReadOnlyList<(long Lo, long Hi)> ranges, int limit, CancellationToken cancellationToken = default)
    {
        if (ranges.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectOrderingsInRanges(ranges.Count),
        [
            .. ranges.SelectMany((range, i) => new[] { ($"@lo{i}", (object?)range.Lo), ($"@hi{i}", (object?)range.Hi) }),
            ("@limit", limit),
        ]);
        return await ReadOrderingsAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<long>> ReadOrderingsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var orderings = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            orderings.Add(Convert.ToInt64(reader.GetValue(0)));
        }

        return orderings;
    }

    /// <summary>
    /// A persistence id's stored events with sequence numbers in [<paramref name="from"/>, <paramref name="to"/>],
    /// oldest first, not yet deserialized; never a logically deleted one.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsOfAsync(
        string persistenceId, long from, long to, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, _sql.SelectEventsOfPersistenceId,
            ("@pid", persistenceId), ("@from", from), ("@to", to), ("@deleted", false));
        return await ReadStoredAsync(command, null, cancellationToken);
    }

    /// <summary>Rows of <see cref="ReadSideSql.SelectTaggedEventsAt"/>'s columns.</summary>
    private static async Task<List<StoredEvent>> ReadStoredAsync(DbCommand command, string? tag, CancellationToken cancellationToken)
    {
        var rows = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredEvent(
                Convert.ToInt64(reader.GetValue(0)), reader.GetString(1), Convert.ToInt64(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : Convert.ToInt32(reader.GetValue(3)), reader.IsDBNull(4) ? "" : reader.GetString(4),
                (byte[])reader.GetValue(5), Convert.ToInt64(reader.GetValue(6)), tag));
        }

        return rows;
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dialect.OpenAsync(_connectionString, cancellationToken);

    private static bool CanRead(byte[] payload, string manifest)
    {
        try
        {
            OrderEventSerializer.Deserialize(payload, manifest);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

/// <summary>One event as the journal's tables hold it: its payload not yet deserialized; the tag it was read by, if any.</summary>
public sealed record StoredEvent(
    long Ordering, string PersistenceId, long SequenceNr, int? SerializerId, string Manifest, byte[] Payload, long Timestamp, string? Tag)
{
    /// <summary>The event as the read journal would deliver it, its payload deserialized by <paramref name="deserialize"/>.</summary>
    public EventEnvelope ToEnvelope(Func<byte[], int, string, object> deserialize) =>
        new(Offset.Sequence(Ordering), PersistenceId, SequenceNr,
            deserialize(Payload, SerializerId ?? throw new SerializationException($"event {PersistenceId}#{SequenceNr} has no serializer id"), Manifest),
            Timestamp, Tag is null ? [] : [Tag]);
}
