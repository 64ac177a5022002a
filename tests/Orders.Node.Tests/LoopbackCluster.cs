using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Node.Tests;

/// <summary>
/// Three <c>Orders.Node</c> processes (roles write and projection) and one gateway-only <c>Orders.Gateway</c>
/// process on 127.0.0.1, each with ports of its own, sharing one database — the topology of docker-compose.yml.
/// </summary>
public sealed class LoopbackCluster : IDisposable
{
    /// <summary>The split brain resolver's wait in these tests (the default is 10 s).</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    private readonly List<ServiceProcess> _processes = [];

    private LoopbackCluster(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public IReadOnlyList<ServiceProcess> Nodes => _processes[..3];

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where node-1 serves <c>/metrics</c> (on loopback).</summary>
    public int NodeMetricsPort { get; private set; }

    public static async Task<LoopbackCluster> StartAsync(TestDatabase database, ITestOutputHelper output)
    {
        var cluster = new LoopbackCluster(database);
        try
        {
            await cluster.StartProcessesAsync(output);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private async Task StartProcessesAsync(ITestOutputHelper output)
    {
        var seedPort = ServiceProcess.FreePort();
        var seed = $"akka.tcp://orders@127.0.0.1:{seedPort}";
        Dictionary<string, string> Environment(int port) => new()
        {
            ["Orders__Database__Provider"] = Database.Provider.ToString(),
            ["Orders__Database__ConnectionString"] = Database.ConnectionString,
            ["Orders__Database__ReadModelConnectionString"] = Database.ReadModelConnectionString,
            ["Orders__Cluster__Hostname"] = "127.0.0.1",
            ["Orders__Cluster__Port"] = port.ToString(),
            ["Orders__Cluster__SeedNodes__0"] = seed,
            ["Orders__Cluster__NumberOfShards"] = "30",
            ["Orders__Cluster__SplitBrainResolver__StableAfter"] = StableAfter.ToString("c"),
            ["Orders__Projections__BacktrackingInterval"] = "00:00:02",
            ["Orders__Projections__ControlInterval"] = "00:00:00.200",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        // The first seed forms the cluster; the others join it. It also serves its metrics for Prometheus.
        var first = Environment(seedPort);
        NodeMetricsPort = ServiceProcess.FreePort();
        first["Orders__Node__MetricsPort"] = NodeMetricsPort.ToString();
        _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Node"), "node-1", first, output));
        await _processes[0].WaitForOutputAsync("is JOINING itself", TimeSpan.FromSeconds(60));
        for (var n = 2; n <= 3; n++)
        {
            _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Node"), $"node-{n}", Environment(ServiceProcess.FreePort()), output));
        }

        var httpPort = ServiceProcess.FreePort();
        var gateway = Environment(ServiceProcess.FreePort());
        gateway["Orders__Cluster__Roles__0"] = "gateway";
        gateway["Urls"] = $"http://127.0.0.1:{httpPort}";
        gateway["Orders__Gateway__AskTimeout"] = AskTimeout.ToString("c");
        TestAuth.AddTo(gateway);
        _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Gateway"), "gateway", gateway, output));
        foreach (var process in _processes.Skip(1))
        {
            await process.WaitForOutputAsync("Welcome from", TimeSpan.FromSeconds(60));
        }

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            TokenMinter.ForSharedKey(TestAuth.Issuer, TestAuth.Audience, TestAuth.SigningKey).Mint("cluster-tests", OrdersScopes.All, TimeSpan.FromHours(2)));
        await Eventually.Holds(async () => Assert.True((await Http.GetAsync("/health/ready")).IsSuccessStatusCode), TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        Http?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }
    }
}
