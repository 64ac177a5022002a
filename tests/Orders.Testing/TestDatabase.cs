using Orders.Contracts.Configuration;

namespace Orders.Testing;

/// <summary>
/// A database of its own for one test class: the journal, the snapshot store and the read tables.
/// Disposing it removes it.
/// </summary>
public abstract class TestDatabase : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public abstract string ReadModelConnectionString { get; }

    /// <summary>Settings for a one-node cluster over this database, with short timings suited to tests.</summary>
    public OrdersSettings Settings(int snapshotEvery = 100, int slices = 4) => new()
    {
        Database = new DatabaseSettings
        {
            Provider = Provider,
            ConnectionString = ConnectionString,
            ReadModelConnectionString = ReadModelConnectionString,
        },
        Cluster = new ClusterSettings { Hostname = "127.0.0.1", Port = 0, NumberOfShards = 10 },
        Projections = new ProjectionSettings
        {
            Slices = slices,
            PollInterval = TimeSpan.FromMilliseconds(50),
            MinRestartBackoff = TimeSpan.FromMilliseconds(200),
            MaxRestartBackoff = TimeSpan.FromSeconds(2),
            ControlInterval = TimeSpan.FromMilliseconds(200),
            BatchWindow = TimeSpan.FromMilliseconds(20),
            BacktrackingInterval = TimeSpan.FromSeconds(2),
        },
        Snapshots = new SnapshotSettings { Every = snapshotEvery },
    };

    /// <summary>Runs one statement against the read tables, as an operator (or a bug) would.</summary>
    public Task ExecuteOnReadModelAsync(string sql) => ExecuteAsync(ReadModelConnectionString, sql);

    /// <summary>Runs one statement against the journal's tables, behind the plugin's back.</summary>
    public Task ExecuteOnJournalAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        var dialect = Orders.Contracts.Database.SqlDialect.For(Provider);
        await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(connectionString));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public abstract void Dispose();
}
