using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// <c>projection_offsets</c>: the journal ordering number up to which each (projection, slice) has been applied.
/// Always written in the same transaction as the rows that the events produced.
/// </summary>
public sealed class ProjectionOffsets(ReadModelStore store, TimeProvider clock)
{
    public async Task<long> LoadAsync(string projection, int slice, CancellationToken cancellationToken = default)
    {
        var sql = store.Sql;
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            await using (var insert = connection.CreateCommand(transaction, sql.InsertOffsetIfMissing,
                             ("@projection", projection), ("@slice", slice), ("@now", clock.GetUtcNow())))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var select = connection.CreateCommand(transaction, sql.SelectOffset,
                ("@projection", projection), ("@slice", slice));
            return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken));
        }, cancellationToken);
    }

    /// <summary>
    /// Adds the offset's advance to a commit. It changes one row, or none when the offset is already further (another
    /// worker) or the worker was asked to pause: then the commit must not land.
    /// </summary>
    /// <returns>The statement's index in the batch.</returns>
    public int Save(StatementBatch statements, string projection, int slice, long offset) =>
        statements.Add(store.Sql.UpdateOffset, ("@projection", projection), ("@slice", slice), ("@offset", offset),
            ("@now", clock.GetUtcNow()), ("@paused", ProjectionState.Paused));

    /// <summary>Sets an offset anywhere, backwards included (reset, rebuild).</summary>
    public async Task SetAsync(string projection, int slice, long offset, CancellationToken cancellationToken = default)
    {
        await LoadAsync(projection, slice, cancellationToken);
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            await using var update = connection.CreateCommand(transaction, store.Sql.SetOffset,
                ("@projection", projection), ("@slice", slice), ("@offset", offset), ("@now", clock.GetUtcNow()));
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
