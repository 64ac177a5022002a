using System.Data.Common;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Testing;

/// <summary>
/// Writes journal rows the way Akka.Persistence.Sql does (a journal row and its tag row), bypassing the actors:
/// to plant an event this code cannot read, or to hold a write open in a transaction and commit it late.
/// </summary>
public sealed class RawJournalWriter(TestDatabase database, int slices)
{
    private readonly SqlDialect _dialect = SqlDialect.For(database.Provider);

    /// <summary>Begins a transaction that inserts one event; it becomes visible when the returned write commits.</summary>
    public async Task<HeldWrite> BeginAsync(string orderId, long sequenceNr, string manifest, byte[] payload)
    {
        var connection = _dialect.CreateConnection(_dialect.PrepareConnectionString(HoldingConnection.For(database.Provider, database.ConnectionString)));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var ordering = await InsertAsync(_dialect, connection, transaction, new StoredRow(
            OrderPersistenceId.For(orderId), sequenceNr, DateTime.UtcNow.Ticks, false, payload, manifest,
            OrderEventSerializer.SerializerId, Guid.NewGuid().ToString(), OrderTags.ForOrder(orderId, slices)));
        return new HeldWrite(connection, transaction, ordering);
    }

    /// <summary>Begins a transaction that inserts <paramref name="event"/> as the service stores it.</summary>
    public Task<HeldWrite> BeginAsync(IOrderEvent @event, long sequenceNr) =>
        BeginAsync(@event.OrderId, sequenceNr, EventManifests.Current[@event.GetType()], new OrderEventSerializer(null!).ToBinary(@event));

    public async Task WriteAsync(IOrderEvent @event, long sequenceNr)
    {
        await using var held = await BeginAsync(@event, sequenceNr);
        await held.CommitAsync();
    }

    /// <summary>A journal row as the plugin stores it, with its tag (none: no tag row).</summary>
    public sealed record StoredRow(
        string PersistenceId, long SequenceNr, long Created, bool Deleted, byte[] Message, string Manifest, int Identifier,
        string Writer, string? Tag);

    /// <summary>Inserts a journal row and its tag row in <paramref name="transaction"/>; returns the row's ordering.</summary>
    public static async Task<long> InsertAsync(SqlDialect dialect, DbConnection connection, DbTransaction transaction, StoredRow row)
    {
        long ordering;
        await using (var insert = connection.CreateCommand(transaction, dialect.InsertJournalRowsReturningOrdering(1),
                         ("@c0", row.Created), ("@deleted", row.Deleted), ("@p0", row.PersistenceId), ("@s0", row.SequenceNr),
                         ("@m0", row.Message), ("@manifest", row.Manifest), ("@identifier", row.Identifier), ("@writer", row.Writer)))
        {
            ordering = Convert.ToInt64(await insert.ExecuteScalarAsync());
        }

        if (row.Tag is not null)
        {
            await using var tag = connection.CreateCommand(transaction, dialect.InsertTagRow,
                ("@ordering", ordering), ("@tag", row.Tag), ("@seq", row.SequenceNr), ("@pid", row.PersistenceId));
            await tag.ExecuteNonQueryAsync();
        }

        return ordering;
    }

    public sealed class HeldWrite(DbConnection connection, DbTransaction transaction, long ordering) : IAsyncDisposable
    {
        public long Ordering { get; } = ordering;

        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
