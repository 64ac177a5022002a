using System.Data.Common;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database.PostgreSql;
using Orders.Contracts.Database.SqlServer;
using Orders.Contracts.Database.Sqlite;

namespace Orders.Contracts.Database;

/// <summary>
/// What differs between the supported databases for everyone who connects: the Akka.Persistence.Sql provider, how
/// to connect, and the few statements over the journal's own tables that tools and tests run. Each database has one
/// folder beside this file; supporting another means adding one. The read side's statements live with the read
/// side (<c>Orders.Projections/Storage/Dialects</c>).
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The linq2db provider name Akka.Persistence.Sql uses for the journal and the snapshot store.</summary>
    public abstract string JournalProviderName { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// Turns a configured connection string into the one to connect with, preparing the database if that is the
    /// provider's job (SQLite: the folder, write-ahead logging, a busy timeout).
    /// </summary>
    public virtual string PrepareConnectionString(string connectionString) => connectionString;

    /// <summary>
    /// The service's own connections (the journal, the snapshot store, the read tables): they run the same few
    /// statements over and over, so a provider that can keep them prepared on the connection does.
    /// </summary>
    public virtual string PrepareServiceConnectionString(string connectionString) => PrepareConnectionString(connectionString);

    /// <summary>
    /// True when the database lets one writer at a time into it (SQLite). Writers in one process then queue for it
    /// asynchronously instead of blocking threads in the driver's busy-wait.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Whether the journal inserts a batch's tagged rows in one statement (and their tags in another) instead of row
    /// by row: measured faster on PostgreSQL; SQLite's single writer gained nothing measurable, so it keeps the plugin's default.
    /// </summary>
    public virtual bool BatchesTaggedInserts => true;

    /// <summary>Where the read tables live when no separate read-model connection string is configured.</summary>
    public virtual string DefaultReadModelConnectionString(string journalConnectionString) => journalConnectionString;

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.PostgreSql => new PostgreSqlDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    /// <summary>The dialect whose Akka.Persistence.Sql provider name is <paramref name="journalProviderName"/>.</summary>
    public static SqlDialect ForJournalProviderName(string journalProviderName) =>
        Enum.GetValues<DatabaseProvider>().Select(For).FirstOrDefault(dialect => dialect.JournalProviderName == journalProviderName)
        ?? throw new ArgumentException(
            $"No Orders database uses the Akka.Persistence.Sql provider '{journalProviderName}' "
            + $"(supported: {string.Join(", ", Enum.GetValues<DatabaseProvider>().Select(provider => For(provider).JournalProviderName))})",
            nameof(journalProviderName));

    /// <summary>An open connection; one that fails to open is disposed before the error goes on.</summary>
    public async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>One trivial round trip: can the database be reached now?</summary>
    public async Task PingAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    // Over the journal's own tables (Akka.Persistence.Sql's schema). Parameters are named @name for every provider.

    /// <summary>
    /// The benchmark's baseline: <paramref name="rows"/> journal rows in one statement (parameters <c>@p{i}</c>,
    /// <c>@s{i}</c>, <c>@m{i}</c>, <c>@c{i}</c> and shared <c>@manifest</c>, <c>@identifier</c>, <c>@writer</c>),
    /// answering each row's ordering with its key.
    /// </summary>
    public virtual string InsertJournalRowsReturningOrdering(int rows) =>
        $"{InsertJournalRowsInto} VALUES {JournalRowValues(rows)} RETURNING ordering, persistence_id, sequence_number";

    protected const string InsertJournalRowsInto =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)";

    /// <summary>The VALUES rows of <see cref="InsertJournalRowsReturningOrdering"/>.</summary>
    protected static string JournalRowValues(int rows) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@c{i}, @deleted, @p{i}, @s{i}, @m{i}, @manifest, @identifier, @writer)"));

    /// <summary>The tag row of a journal row (tests and tools that write rows the way the journal plugin does).</summary>
    public virtual string InsertTagRow =>
        "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (@ordering, @tag, @seq, @pid)";

    /// <summary>Every stored event, oldest first, with what it takes to deserialize it.</summary>
    public virtual string SelectJournalRows =>
        "SELECT ordering, persistence_id, sequence_number, identifier, manifest, message FROM journal ORDER BY ordering";

    /// <summary>A recovery's question to the journal (parameters <c>@pid</c>, <c>@after</c>): null when there is no such row.</summary>
    public virtual string SelectHighestSequenceNr =>
        "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = @pid AND sequence_number > @after";

    /// <summary>The persistence id of the journal's oldest row; no row when the journal is empty.</summary>
    public virtual string SelectOldestPersistenceId =>
        "SELECT persistence_id FROM journal WHERE ordering = (SELECT MIN(ordering) FROM journal)";

    /// <summary>A recovery's first question to the snapshot store (parameter <c>@pid</c>): null when it has no snapshot.</summary>
    public virtual string SelectNewestSnapshotSequenceNr =>
        "SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = @pid";

    /// <summary>Every stored snapshot, with what it takes to deserialize it.</summary>
    public virtual string SelectSnapshotRows =>
        "SELECT persistence_id, sequence_number, serializer_id, manifest, snapshot FROM snapshot ORDER BY persistence_id, sequence_number";
}
