using Microsoft.Data.Sqlite;
using Npgsql;
using Orders.Contracts.Configuration;

namespace Orders.Benchmarks;

/// <summary>A fresh, empty database for one part of the benchmark; dropped afterwards unless kept.</summary>
public sealed class BenchDatabase : IDisposable
{
    private readonly string? _sqliteFolder;
    private readonly string? _postgresAdmin;
    private readonly bool _keep;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? sqliteFolder, string? postgresAdmin, string name, bool keep)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFolder = sqliteFolder;
        _postgresAdmin = postgresAdmin;
        Name = name;
        _keep = keep;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string Name { get; }

    public static BenchDatabase Create(BenchOptions options, string purpose)
    {
        var name = $"orders_bench_{purpose}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var folder = options.ConnectionString is { } given
                ? Directory.CreateDirectory(Path.Combine(given, name)).FullName
                : Directory.CreateTempSubdirectory(name + "-").FullName;
            return new BenchDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "orders.db")}", folder, null, name, options.Keep);
        }

        var server = options.ConnectionString ?? Environment.GetEnvironmentVariable("ORDERS_TEST_POSTGRES")
            ?? throw new ArgumentException("--provider postgres needs --connection-string (or ORDERS_TEST_POSTGRES): a server where the benchmark may create databases");
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new BenchDatabase(DatabaseProvider.PostgreSql, connectionString, null, admin, name, options.Keep);
    }

    public OrdersSettingsOverrides Settings(int snapshotEvery, bool projections = true) => new(Provider, ConnectionString, snapshotEvery, projections);

    public Orders.Contracts.Configuration.DatabaseSettings Database => new() { Provider = Provider, ConnectionString = ConnectionString };

    public void Dispose()
    {
        if (_keep)
        {
            return;
        }

        if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException error)
            {
                Console.Error.WriteLine($"could not remove {_sqliteFolder}: {error.Message}");
            }
        }
        else if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Execute(_postgresAdmin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>The configuration the service under test gets, whatever appsettings.json or the environment say.</summary>
/// <param name="Projections">False: the node runs without the projection role (writes only; nothing is projected).</param>
public sealed record OrdersSettingsOverrides(DatabaseProvider Provider, string ConnectionString, int SnapshotEvery, bool Projections)
{
    public IReadOnlyDictionary<string, string?> ToConfiguration() => new Dictionary<string, string?>(Roles)
    {
        ["Orders:Database:Provider"] = Provider.ToString(),
        ["Orders:Database:ConnectionString"] = ConnectionString,
        ["Orders:Snapshots:Every"] = SnapshotEvery.ToString(),
        ["Orders:Cluster:Port"] = "0",
        ["Orders:Gateway:AskTimeout"] = "00:00:30",
        // The benchmark is one client measuring throughput: per-client rate limiting would measure the limiter.
        ["Orders:Gateway:RateLimit:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private IEnumerable<KeyValuePair<string, string?>> Roles => Projections
        ? []
        : [new("Orders:Cluster:Roles:0", "write"), new("Orders:Cluster:Roles:1", "gateway")];
}
