using System.Data.Common;
using System.Diagnostics;
using Orders.Benchmarks.Workload;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Projections.Storage;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// What the database itself can take: the rows the journal writes for the same events (a journal row with the
/// same payload bytes, manifest and serializer, and its tag row), inserted with plain ADO.NET — one multi-row
/// journal INSERT (answering the orderings) and one multi-row tags INSERT per transaction of the plugin's batch
/// size (100 events) — from C connections, into a fresh database whose tables the journal plugin created.
/// </summary>
public static class Baseline
{
    /// <summary>Akka.Persistence.Sql's journal batch-size.</summary>
    public const int BatchSize = 100;

    public sealed record Result(long Rows, TimeSpan Elapsed)
    {
        public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(DatabaseSettings database, int orders, int commandsPerOrder, int clients, int slices)
    {
        var dialect = SqlDialect.For(database.Provider);
        var connectionString = dialect.PrepareConnectionString(database.ConnectionString);
        var serializer = new OrderEventSerializer(null!);
        var events = Enumerable.Range(0, orders)
            .SelectMany(index => Enumerable.Range(0, commandsPerOrder).Select(step =>
            {
                var orderId = $"base-{index}";
                var @event = OrderCommands.EventOf(OrderCommands.Command(orderId, index, step));
                return (PersistenceId: OrderPersistenceId.For(orderId), SequenceNr: (long)step + 1,
                    Manifest: serializer.Manifest(@event), Payload: serializer.ToBinary(@event), Tag: OrderTags.ForOrder(orderId, slices));
            }))
            .Chunk(BatchSize)
            .ToList();

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = dialect.CreateConnection(connectionString);
            await connection.OpenAsync();
            var writer = Guid.NewGuid().ToString("N");
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < events.Count)
            {
                await WriteBatchAsync(dialect, connection, events[batch], writer);
            }
        })));
        return new Result(events.Sum(batch => batch.Length), clock.Elapsed);
    }

    private static async Task WriteBatchAsync(
        SqlDialect dialect, DbConnection connection,
        (string PersistenceId, long SequenceNr, string Manifest, byte[] Payload, string Tag)[] batch, string writer)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var orderings = new Dictionary<(string, long), long>();
        // Rows of one manifest per statement (the statement shares @manifest), as many statements as manifests.
        foreach (var group in batch.GroupBy(row => row.Manifest))
        {
            var rows = group.ToList();
            var parameters = new List<(string, object?)>
            {
                ("@deleted", false), ("@manifest", group.Key), ("@identifier", OrderEventSerializer.SerializerId), ("@writer", writer),
            };
            for (var i = 0; i < rows.Count; i++)
            {
                parameters.Add(($"@c{i}", DateTime.UtcNow.Ticks));
                parameters.Add(($"@p{i}", rows[i].PersistenceId));
                parameters.Add(($"@s{i}", rows[i].SequenceNr));
                parameters.Add(($"@m{i}", rows[i].Payload));
            }

            await using var insert = connection.CreateCommand(transaction, dialect.InsertJournalRowsReturningOrdering(rows.Count), [.. parameters]);
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                orderings[(reader.GetString(1), Convert.ToInt64(reader.GetValue(2)))] = Convert.ToInt64(reader.GetValue(0));
            }
        }

        var tagParameters = batch.SelectMany((row, i) => new (string, object?)[]
        {
            ($"@o{i}", orderings[(row.PersistenceId, row.SequenceNr)]), ($"@t{i}", row.Tag), ($"@s{i}", row.SequenceNr), ($"@p{i}", row.PersistenceId),
        }).ToArray();
        await using (var tags = connection.CreateCommand(transaction,
                         "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES "
                         + string.Join(", ", batch.Select((_, i) => $"(@o{i}, @t{i}, @s{i}, @p{i})")), tagParameters))
        {
            await tags.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
