using System.Data.Common;
using Orders.Contracts.Database;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Storage;

/// <summary>
/// The writes of one commit, gathered first and sent together: in one round trip where the provider can batch
/// (<see cref="DbBatch"/>: Npgsql, SqlClient), one after the other where it cannot (Microsoft.Data.Sqlite, which runs
/// in-process and has no round trip to save). Each statement's affected-row count is returned by its index, for the
/// conditions a commit checks (a version still as read, an offset not overtaken, a projection not paused).
/// Values are always parameters, never spliced into SQL text. Rows of tables that many orders add to
/// (<see cref="ReadTable.RowsAreShared"/>: every slice's worker writes them) run last, so their row locks are held for
/// the shortest time before the commit.
/// </summary>
public sealed class StatementBatch
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _shared = [];

    public int Count => _statements.Count + _shared.Count;

    /// <returns>The statement's index in <see cref="ExecuteAsync"/>'s result.</returns>
    public int Add(string sql, params (string Name, object? Value)[] parameters)
    {
        _statements.Add((sql, parameters));
        return _statements.Count - 1;
    }

    /// <summary>
    /// Adds rows of one table in as few statements as <see cref="ReadSideSql.StatementSizes"/> allows, each rendered by
    /// <paramref name="render"/> for its number of rows; each row's values are in the order of <paramref name="columns"/>
    /// (default: all the table's columns).
    /// </summary>
    public void AddRows(ReadTable table, IReadOnlyList<object?[]> rows, Func<int, string> render, IReadOnlyList<ReadColumn>? columns = null)
    {
        var next = 0;
        foreach (var size in ReadSideSql.StatementSizes(rows.Count))
        {
            var first = next;
            (table.RowsAreShared ? _shared : _statements).Add(
                (render(size), [.. Enumerable.Range(0, size).SelectMany(row => table.Parameters(row, rows[first + row], columns))]));
            next += size;
        }
    }

    /// <summary>
    /// Runs every statement inside <paramref name="transaction"/>, in order (shared rows last); returns the rows each
    /// affected, by the index <see cref="Add"/> returned (shared rows' statements follow the others).
    /// </summary>
    public async Task<int[]> ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        List<(string Sql, (string Name, object? Value)[] Parameters)> statements = [.. _statements, .. _shared];
        var affected = new int[statements.Count];
        if (statements.Count > 1 && connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (sql, parameters) in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                command.Parameters.Bind(command.CreateParameter, parameters);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < affected.Length; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        for (var i = 0; i < affected.Length; i++)
        {
            var (sql, parameters) = statements[i];
            await using var command = connection.CreateCommand(transaction, sql, parameters);
            affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }
}
