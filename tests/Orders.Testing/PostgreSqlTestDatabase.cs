using Npgsql;
using Orders.Contracts.Configuration;

namespace Orders.Testing;

/// <summary>
/// A fresh PostgreSQL database on the server named by <c>ORDERS_TEST_POSTGRES</c> (a connection string to a
/// server where the tests may create databases), dropped again on dispose. Without that variable the test is
/// skipped — except under CI, which always has a server: there the test fails.
/// </summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public const string ServerVariable = "ORDERS_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _name = $"orders_test_{Guid.NewGuid():N}";

    private PostgreSqlTestDatabase(string serverConnectionString)
    {
        _serverConnectionString = serverConnectionString;
        Execute($"CREATE DATABASE \"{_name}\"");
        // Tests run side by side, each with its own database and pool: keep every pool small so that together they
        // stay under the server's connection limit.
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = _name, MaxPoolSize = 15 }.ConnectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string ConnectionString { get; }

    public override string ReadModelConnectionString => ConnectionString;

    public static PostgreSqlTestDatabase Create() => new(ServerConnectionString());

    /// <summary>The server to use, or a skip (a failure under CI) when none is configured.</summary>
    public static string ServerConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        const string reason = $"PostgreSQL tests need {ServerVariable}, a connection string to a server where they may "
                              + "create databases; 'dotnet pwsh build.ps1 test' starts one when it runs as root on Debian";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI always has PostgreSQL, but " + reason);
        }

        throw new SkipException(reason);
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException error) when (attempt < 5)
            {
                // A backend that had not yet gone away (or one this role may not end); it is usually gone a moment later.
                Console.Error.WriteLine($"dropping test database {_name}: {error.MessageText}; retrying");
                Thread.Sleep(500 * attempt);
            }
        }
    }

    private void Execute(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
