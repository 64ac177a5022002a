using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// <c>projection_status</c>: what each worker reports (state, last error, events recovered by backtracking) and
/// what operators ask of it (<c>desired_state</c>: running or paused). A request from inside the cluster (the API, a
/// rebuild) is also announced to the workers (<see cref="ProjectionRequests"/>), which act on it at once; they read the
/// table every control interval too, so control works from any process that reaches the database — the CLI — whether
/// a gateway runs or not.
/// </summary>
public sealed class ProjectionStatusStore(ReadModelStore store, TimeProvider clock)
{
    public Task EnsureAsync(string projection, int slice, CancellationToken cancellationToken = default) =>
        ExecuteAsync(store.Sql.InsertStatusIfMissing, cancellationToken, ("@projection", projection), ("@slice", slice),
            ("@running", ProjectionState.Running), ("@starting", ProjectionState.Starting));

    public async Task<IReadOnlyList<ProjectionStatusRow>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ProjectionStatusRow>();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, store.Sql.SelectStatus);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ProjectionStatusRow(
                reader.GetString(0), Convert.ToInt32(reader.GetValue(1)), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : Convert.ToInt64(reader.GetValue(6)), Convert.ToInt64(reader.GetValue(7)),
                reader.GetUtcTimestamp(8), reader.IsDBNull(9) ? 0 : Convert.ToInt64(reader.GetValue(9))));
        }

        return rows;
    }

    public async Task<ProjectionStatusRow?> ReadAsync(string projection, int slice, CancellationToken cancellationToken = default) =>
        (await ReadAllAsync(cancellationToken)).FirstOrDefault(row => row.Projection == projection && row.Slice == slice);

    public Task ReportAsync(
        string projection, int slice, string state, string? error = null, string? persistenceId = null, long? sequenceNr = null,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(store.Sql.UpdateWorkerState, cancellationToken, ("@projection", projection), ("@slice", slice),
            ("@state", state), ("@last_error", error is null ? null : Truncate(error)), ("@error_persistence_id", persistenceId),
            ("@error_sequence_nr", sequenceNr));

    public Task AddRecoveredAsync(string projection, int slice, long count, CancellationToken cancellationToken = default) =>
        ExecuteAsync(store.Sql.AddRecoveredEvents, cancellationToken, ("@projection", projection), ("@slice", slice), ("@count", count));

    /// <summary>Asks every worker of a projection (or one slice) to run or to pause. Returns the rows changed.</summary>
    public async Task<int> RequestAsync(string projection, int? slice, string desiredState, CancellationToken cancellationToken = default)
    {
        var sql = store.Sql.SetDesiredState(oneSlice: slice is not null);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            (string, object?)[] parameters =
            [
                ("@projection", projection), ("@desired_state", desiredState), ("@failed", ProjectionState.Failed),
                ("@running", ProjectionState.Running), ("@starting", ProjectionState.Starting),
                .. slice is null ? Array.Empty<(string, object?)>() : [("@slice", slice)],
            ];
            await using var command = connection.CreateCommand(transaction, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand(transaction, sql, [.. parameters, ("@now", clock.GetUtcNow())]);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
