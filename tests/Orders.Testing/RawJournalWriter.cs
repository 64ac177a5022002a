using System.Data.Common;
using Orders.Cluster.Actors;
using Orders.Cluster.Database;
using Orders.Cluster.Serialization;
using Orders.Cluster.Tagging;
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
        var connection = _dialect.CreateConnection(_dialect.PrepareConnectionString(database.ConnectionString));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var persistenceId = OrderPersistenceId.For(orderId);
        await using (var insert = connection.CreateCommand(transaction,
                         "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) "
                         + "VALUES (@created, @deleted, @pid, @seq, @message, @manifest, @identifier, @writer)",
                         ("@created", DateTime.UtcNow.Ticks), ("@deleted", false), ("@pid", persistenceId),
                         ("@seq", sequenceNr), ("@message", payload), ("@manifest", manifest),
                         ("@identifier", OrderEventSerializer.SerializerId), ("@writer", Guid.NewGuid().ToString())))
        {
            await insert.ExecuteNonQueryAsync();
        }

        long ordering;
        await using (var select = connection.CreateCommand(transaction,
                         "SELECT ordering FROM journal WHERE persistence_id = @pid AND sequence_number = @seq", ("@pid", persistenceId), ("@seq", sequenceNr)))
        {
            ordering = Convert.ToInt64(await select.ExecuteScalarAsync());
        }

        await using (var tag = connection.CreateCommand(transaction,
                         "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (@ordering, @tag, @seq, @pid)",
                         ("@ordering", ordering), ("@tag", OrderTags.ForOrder(orderId, slices)), ("@seq", sequenceNr), ("@pid", persistenceId)))
        {
            await tag.ExecuteNonQueryAsync();
        }

        return new HeldWrite(connection, transaction, ordering);
    }

    public async Task WriteAsync(IOrderEvent @event, long sequenceNr)
    {
        await using var held = await BeginAsync(@event.OrderId, sequenceNr, EventManifests.Current[@event.GetType()],
            new OrderEventSerializer(null!).ToBinary(@event));
        await held.CommitAsync();
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
