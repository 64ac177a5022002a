using System.Collections.Concurrent;
using System.Data.Common;
using Orders.Cluster.Configuration;
using Orders.Cluster.Database;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Storage;

/// <summary>The read tables' database: its provider, its statements, and how to open connections and transactions on it.</summary>
public sealed class ReadModelStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterGates = new();
    private readonly string _connectionString;
    private readonly SemaphoreSlim? _writerGate;

    public ReadModelStore(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        Sql = ReadSideSql.For(dialect.Provider);
        _connectionString = dialect.PrepareReadModelConnectionString(connectionString);
        _writerGate = dialect.SingleWriter ? WriterGates.GetOrAdd(_connectionString, _ => new SemaphoreSlim(1, 1)) : null;
    }

    /// <summary>The connection and the provider, shared with the write side.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>Every statement the read side runs, for this provider.</summary>
    public ReadSideSql Sql { get; }

    public static ReadModelStore For(DatabaseSettings database) =>
        new(SqlDialect.For(database.Provider), database.EffectiveReadModelConnectionString);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(_connectionString);
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

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var schema = Sql.Schema(ReadSchema.Tables);
        foreach (var statement in Sql.SchemaLock is { } schemaLock ? [schemaLock, .. schema] : schema)
        {
            await using var command = connection.CreateCommand(transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it commits, or none of it.</summary>
    public async Task<T> InTransactionAsync<T>(
        Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (_writerGate is not null)
        {
            await _writerGate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writerGate?.Release();
        }
    }
}
