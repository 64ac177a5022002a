using System.Data.Common;
using System.Text.Json;
using Orders.Contracts.Database;
using Orders.Contracts.Serialization.Upcasting;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.Storage.Dialects;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// <c>projection_order_state</c>: for each projection, every order as far as that projection has applied it —
/// its version (the last sequence number applied) and its state. The version is what makes replays harmless.
/// </summary>
public sealed class ProjectionOrderStates(ReadSideSql sql)
{
    /// <summary>The projection's state of each of these orders; an order it has not seen yet is absent.</summary>
    public async Task<IReadOnlyDictionary<string, OrderState>> LoadAsync(
        DbConnection connection, DbTransaction transaction, string projection, IReadOnlyList<string> orderIds,
        CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, OrderState>();
        foreach (var chunk in orderIds.Chunk(200))
        {
            await using var command = connection.CreateCommand(transaction, sql.SelectOrderStates(chunk.Length),
                [("@projection", projection), .. chunk.Select((id, i) => ($"@o{i}", (object?)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = JsonSerializer.Deserialize<OrderState>(reader.GetString(2), OrderEventSerializer.JsonOptions)
                            ?? throw new InvalidOperationException($"{projection}: stored state of order '{reader.GetString(0)}' is empty");
                // A state stored before version 2 of the events lacks their new fields: completed like a v1 snapshot.
                states[reader.GetString(0)] = OrderSnapshotV1.Upcast(state) with { Version = Convert.ToInt64(reader.GetValue(1)) };
            }
        }

        return states;
    }

    /// <summary>The versions the projection has applied for these orders (absent: none yet), read outside any transaction.</summary>
    public async Task<IReadOnlyDictionary<string, long>> LoadVersionsAsync(
        DbConnection connection, string projection, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, long>();
        foreach (var chunk in orderIds.Chunk(200))
        {
            await using var command = connection.CreateCommand(null, sql.SelectOrderVersions(chunk.Length),
                [("@projection", projection), .. chunk.Select((id, i) => ($"@o{i}", (object?)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
            }
        }

        return versions;
    }

    /// <summary>
    /// Adds an order's new state to a commit, conditional on the version it had (<paramref name="storedVersion"/>, 0:
    /// none yet). The statement changes one row, or none when that version is no longer stored: another writer
    /// moved it, or a cached state was stale; then the commit must not land.
    /// </summary>
    /// <returns>The statement's index in the batch.</returns>
    public int Save(StatementBatch statements, string projection, OrderState state, string json, long storedVersion) =>
        storedVersion == 0
            ? statements.Add(sql.InsertOrderState, ("@projection", projection),
                ("@order_id", state.OrderId), ("@version", state.Version), ("@state", json))
            : statements.Add(sql.UpdateOrderState, ("@projection", projection),
                ("@order_id", state.OrderId), ("@version", state.Version), ("@state", json), ("@expected_version", storedVersion));

    /// <summary>What is stored of a state: recent command ids matter to the write side only.</summary>
    public static string Serialize(OrderState state) =>
        JsonSerializer.Serialize(state with { AppliedCommands = AppliedCommands.Empty }, OrderEventSerializer.JsonOptions);
}
