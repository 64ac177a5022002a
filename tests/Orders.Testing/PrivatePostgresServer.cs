using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orders.Testing;

/// <summary>
/// A PostgreSQL server of the test's own — initdb into a temporary folder, on a free loopback port — that the test
/// may stop and start without disturbing any other test. Needs Debian's PostgreSQL binaries; as root it runs the
/// server as the <c>postgres</c> OS user.
/// </summary>
public sealed class PrivatePostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private PrivatePostgresServer(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connects to database <paramref name="database"/> as the superuser (trust authentication on loopback).</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 3,
    }.ConnectionString;

    public static PrivatePostgresServer Start()
    {
        var bin = FindBinaries() ?? throw Unavailable("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
        var asPostgresUser = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), $"orders-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", folder], asPostgresUser: false);
        }

        var server = new PrivatePostgresServer(bin, folder, FreePort(), asPostgresUser);
        server.Pg("initdb", ["-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        server.StartServer();
        return server;
    }

    public void StartServer() => Pg("pg_ctl", [
        "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "30",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start",
    ]);

    /// <summary>Stops the server at once, as a crash or a pulled cable would: open connections simply break.</summary>
    public void StopServer() => Pg("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);

    public void CreateDatabase(string name)
    {
        // A generous timeout: the server has just started and the machine may be busy with other tests.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString()) { Timeout = 30 }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            StopServer();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void Pg(string tool, string[] arguments) => Run(Path.Combine(_bin, tool), arguments, _asPostgresUser);

    private static void Run(string file, string[] arguments, bool asPostgresUser)
    {
        var start = asPostgresUser
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Exception Unavailable(string reason) =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? new InvalidOperationException("CI always has PostgreSQL, but " + reason)
            : new SkipException("the outage test needs a private PostgreSQL server: " + reason);
}
