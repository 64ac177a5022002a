using System.Collections.Concurrent;
using System.Data.Common;
using DbUp;
using DbUp.Engine;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Storage;

/// <summary>The read tables' database: its provider, its statements, and how to open connections and transactions on it.</summary>
public sealed class ReadModelStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterGates = new();
    private readonly SemaphoreSlim? _writerGate;

    public ReadModelStore(OrdersDatabase database)
    {
        Database = database;
        Sql = ReadSideSql.For(database.Provider);
        _writerGate = Dialect.SingleWriter ? WriterGates.GetOrAdd(database.ConfiguredReadModelConnectionString, _ => new SemaphoreSlim(1, 1)) : null;
    }

    /// <summary>Prepared on first use (inside the caller's error handling), not when the store is made.</summary>
    private string _connectionString => Database.ReadModelConnectionString;

    /// <summary>The database, resolved once by the host: the read tables' connection, and the journal's.</summary>
    public OrdersDatabase Database { get; }

    /// <summary>The connection and the provider, shared with the write side.</summary>
    public SqlDialect Dialect => Database.Dialect;

    /// <summary>Every statement the read side runs, for this provider.</summary>
    public ReadSideSql Sql { get; }

    /// <summary>For tools and tests without a host: resolves the database from its settings.</summary>
    public static ReadModelStore For(DatabaseSettings database) => new(new OrdersDatabase(database));

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        Dialect.OpenAsync(_connectionString, cancellationToken);

    /// <summary>
    /// Brings the read tables to the latest schema version (<see cref="ReadSchemaMigrations"/>): each step not yet
    /// recorded in the versions table runs in a transaction of its own, under the schema lock, so that nodes starting
    /// together apply each step once. Answers the names of the steps applied now (none when up to date).
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_writerGate is not null)
        {
            await _writerGate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var lockConnection = Sql.SchemaLock is null ? null : await OpenAsync(cancellationToken);
            if (lockConnection is not null)
            {
                await using var take = lockConnection.CreateCommand(null, Sql.SchemaLock!);
                take.CommandTimeout = SchemaLockWaitSeconds;
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            IReadOnlyList<string> applied;
            try
            {
                // DbUp is synchronous: it runs on a pool thread.
                var result = await Task.Run(() => MigrationEngine().PerformUpgrade(), cancellationToken);
                if (!result.Successful)
                {
                    throw new InvalidOperationException(
                        $"read schema migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
                }

                applied = result.Scripts.Select(script => script.Name).ToList();
            }
            catch when (lockConnection is not null)
            {
                // The migration's own error is the one to report. Should the release fail too, the lock lasts until the
                // pool resets that connection's session; another node waiting for it gives up after its wait and retries.
                try
                {
                    await ReleaseSchemaLockAsync(lockConnection);
                }
                catch (DbException)
                {
                }

                throw;
            }

            if (lockConnection is not null)
            {
                // Given back explicitly: a pooled connection keeps its session, and with it a session lock.
                await ReleaseSchemaLockAsync(lockConnection);
            }

            return applied;
        }
        finally
        {
            _writerGate?.Release();
        }
    }

    /// <summary>How long a node waits for another node's migrations (the lock) before it gives up and retries.</summary>
    private const int SchemaLockWaitSeconds = 120;

    private async Task ReleaseSchemaLockAsync(DbConnection connection)
    {
        await using var release = connection.CreateCommand(null, Sql.SchemaUnlock!);
        await release.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>The steps this database still needs (empty when it is at the latest version).</summary>
    public Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<string>>(() => MigrationEngine().GetScriptsToExecute().Select(script => script.Name).ToList(), cancellationToken);

    private UpgradeEngine MigrationEngine() =>
        Sql.Migrations(_connectionString, ReadSchemaMigrations.VersionsTable)
            .WithScripts(ReadSchemaMigrations.All.Select(migration =>
                new SqlScript(migration.ScriptName, Sql.Script(migration.Statements(Sql)))))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogToNowhere()
            .Build();

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
