using Akka.Actor;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Testing;

/// <summary>
/// A journal written by an earlier version of the code (<c>Fixtures/*.db</c>, see Fixtures/README.md), copied row
/// for row — payload bytes, manifests, serializer ids, tags and snapshots unchanged — into a test database of any
/// provider. Only the ordering numbers are the target's own (its identity column assigns them, in the same order).
/// </summary>
public sealed class FixtureJournal(string fileName)
{
    public static FixtureJournal V1 { get; } = new("journal-v1.db");

    public string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);

    /// <summary>The events of the fixture, as stored: (persistence id, sequence number, manifest, payload).</summary>
    public IReadOnlyList<(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload)> Events() =>
        Query("SELECT persistence_id, sequence_number, manifest, message FROM journal ORDER BY ordering",
            row => (row.GetString(0), row.GetInt64(1), row.GetString(2), (byte[])row.GetValue(3)));

    /// <summary>
    /// Copies every row into <paramref name="target"/> in one transaction. The actor system must run over
    /// <paramref name="target"/> (its journal creates the tables) and must not have touched the fixture's orders yet.
    /// </summary>
    public async Task CopyIntoAsync(ActorSystem system, TestDatabase target)
    {
        await EnsureTablesAsync(system);
        var journal = Query(
            "SELECT j.persistence_id, j.sequence_number, j.created, j.deleted, j.message, j.manifest, j.identifier, j.writer_uuid, t.tag "
            + "FROM journal j LEFT JOIN tags t ON t.ordering_id = j.ordering ORDER BY j.ordering",
            row => (Pid: row.GetString(0), Seq: row.GetInt64(1), Created: row.GetInt64(2), Deleted: row.GetBoolean(3),
                Message: (byte[])row.GetValue(4), Manifest: row.GetString(5), Identifier: row.GetInt32(6), Writer: row.GetString(7),
                Tag: row.IsDBNull(8) ? null : row.GetString(8)));
        var snapshots = Query(
            "SELECT persistence_id, sequence_number, created, snapshot, manifest, serializer_id FROM snapshot ORDER BY persistence_id, sequence_number",
            row => (Pid: row.GetString(0), Seq: row.GetInt64(1), Created: row.GetInt64(2), Snapshot: (byte[])row.GetValue(3),
                Manifest: row.GetString(4), SerializerId: row.GetInt32(5)));

        var dialect = SqlDialect.For(target.Provider);
        await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(target.ConnectionString));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var row in journal)
        {
            await RawJournalWriter.InsertAsync(dialect, connection, transaction, new RawJournalWriter.StoredRow(
                row.Pid, row.Seq, row.Created, row.Deleted, row.Message, row.Manifest, row.Identifier, row.Writer, row.Tag));
        }

        foreach (var row in snapshots)
        {
            await using var insert = connection.CreateCommand(transaction,
                "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) "
                + "VALUES (@pid, @seq, @created, @snapshot, @manifest, @serializer)",
                ("@pid", row.Pid), ("@seq", row.Seq), ("@created", row.Created), ("@snapshot", row.Snapshot),
                ("@manifest", row.Manifest), ("@serializer", row.SerializerId));
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// Makes the journal and the snapshot store initialize (they create their tables on first use) and waits for
    /// them: a persistent actor that writes nothing recovers (a snapshot load and a replay) and reports back.
    /// </summary>
    private static async Task EnsureTablesAsync(ActorSystem system)
    {
        var warmUp = system.ActorOf(Props.Create(() => new WarmUp()), $"fixture-warm-up-{Guid.NewGuid():N}");
        try
        {
            await warmUp.Ask<WarmUp.Recovered>(WarmUp.Ask.Instance, TimeSpan.FromSeconds(60));
        }
        finally
        {
            system.Stop(warmUp);
        }
    }

    private sealed class WarmUp : ReceivePersistentActor
    {
        public WarmUp()
        {
            Recover<object>(_ => { });
            Command<Ask>(_ => Sender.Tell(Recovered.Instance));
        }

        public override string PersistenceId => "fixture-warm-up";

        public sealed class Ask
        {
            public static readonly Ask Instance = new();
        }

        public sealed class Recovered
        {
            public static readonly Recovered Instance = new();
        }
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
