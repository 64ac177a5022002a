using Orders.Benchmarks.Workload;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Benchmarks.Targets;

/// <summary>
/// What an application pays that writes its own events table: per command, one transaction with the journal row
/// (same payload bytes, manifest and serializer id as the plugin stores) and its tag row, on a pooled connection.
/// No batching across commands. The tables are the journal plugin's own.
/// </summary>
public sealed class RawPerCommandTarget(DatabaseSettings database, int slices) : ICommandTarget
{
    private readonly SqlDialect _dialect = SqlDialect.For(database.Provider);
    private readonly string _connectionString = SqlDialect.For(database.Provider).PrepareConnectionString(database.ConnectionString);
    private readonly OrderEventSerializer _serializer = new(null!);
    private readonly string _writer = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, long> _sequenceNumbers = [];

    public string Name => "raw-per-command";

    public bool HasReadSide => false;

    public async Task<SendOutcome> SendAsync(IOrderCommand command)
    {
        var @event = OrderCommands.EventOf(command);
        var persistenceId = OrderPersistenceId.For(command.OrderId);
        long sequenceNr;
        lock (_sequenceNumbers)
        {
            // The benchmark sends an order's commands one after another, so the next number is known here.
            sequenceNr = _sequenceNumbers[persistenceId] = _sequenceNumbers.GetValueOrDefault(persistenceId) + 1;
        }

        try
        {
            await using var connection = _dialect.CreateConnection(_connectionString);
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            long ordering;
            await using (var insert = connection.CreateCommand(transaction, _dialect.InsertJournalRowsReturningOrdering(1),
                             ("@c0", DateTime.UtcNow.Ticks), ("@deleted", false), ("@p0", persistenceId), ("@s0", sequenceNr),
                             ("@m0", _serializer.ToBinary(@event)), ("@manifest", _serializer.Manifest(@event)),
                             ("@identifier", OrderEventSerializer.SerializerId), ("@writer", _writer)))
            {
                ordering = Convert.ToInt64(await insert.ExecuteScalarAsync());
            }

            await using (var tag = connection.CreateCommand(transaction, _dialect.InsertTagRow,
                             ("@ordering", ordering), ("@tag", OrderTags.ForOrder(command.OrderId, slices)), ("@seq", sequenceNr), ("@pid", persistenceId)))
            {
                await tag.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return SendOutcome.Accepted;
        }
        catch (Exception error) when (error is System.Data.Common.DbException or TimeoutException)
        {
            // A busy database (SQLite's single writer past its busy timeout, a pool that ran dry) is a failed command.
            return SendOutcome.Failed;
        }
    }

    public Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the raw per-command baseline has no read side");

    public Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout) => Task.FromResult(TimeSpan.Zero);
}
