using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Node.Tests;

/// <summary>
/// Three <c>Orders.Node</c> processes (roles write and projection) and one gateway-only <c>Orders.Gateway</c>
/// process on 127.0.0.1, each with ports of its own, sharing one database — the topology of docker-compose.yml.
/// Every process starts from the repository root with the variables the cluster recipe of docs/cluster.md sets, so the
/// root <c>appsettings.json</c> applies to them exactly as it does there (and in the containers, which copy it).
/// Failure detection, the split brain resolver and the gateway's timeouts are the shipped defaults.
/// </summary>
public sealed class LoopbackCluster : IDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<ServiceProcess> _replaced = [];
    private readonly List<Dictionary<string, string>> _nodeEnvironments = [];

    private LoopbackCluster(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public IReadOnlyList<ServiceProcess> Nodes => _processes[..3];

    /// <summary>The three nodes, then the gateway.</summary>
    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>The gateway-only process (role <c>gateway</c>, as docker-compose and docs/cluster.md configure it).</summary>
    public ServiceProcess Gateway => _processes[3];

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where each node serves <c>/metrics</c> (on loopback), in the order of <see cref="Nodes"/>.</summary>
    public List<int> NodeMetricsPorts { get; } = [];

    /// <summary>Where node-1 serves <c>/metrics</c>.</summary>
    public int NodeMetricsPort => NodeMetricsPorts[0];

    /// <summary>The gateway's own cluster address.</summary>
    public string GatewayAddress { get; private set; } = "";

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
            ["Orders__Projections__BacktrackingInterval"] = "00:00:02",
            ["Orders__Projections__ControlInterval"] = "00:00:00.200",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        // Each node serves its metrics for Prometheus. The first seed forms the cluster; the others join it.
        Dictionary<string, string> NodeEnvironment(int port)
        {
            var node = Environment(port);
            NodeMetricsPorts.Add(ServiceProcess.FreePort());
            node["Orders__Node__MetricsPort"] = NodeMetricsPorts[^1].ToString();
            _nodeEnvironments.Add(node);
            return node;
        }

        _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Node"), "node-1", NodeEnvironment(seedPort), output, ServiceProcess.RepositoryFolder));
        await _processes[0].WaitForOutputAsync("is JOINING itself", TimeSpan.FromSeconds(60));
        for (var n = 2; n <= 3; n++)
        {
            _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Node"), $"node-{n}", NodeEnvironment(ServiceProcess.FreePort()), output, ServiceProcess.RepositoryFolder));
        }

        var httpPort = ServiceProcess.FreePort();
        var gatewayPort = ServiceProcess.FreePort();
        GatewayAddress = $"akka.tcp://orders@127.0.0.1:{gatewayPort}";
        var gateway = Environment(gatewayPort);
        gateway["Orders__Cluster__Roles__0"] = "gateway";
        gateway["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        TestAuth.AddTo(gateway);
        _processes.Add(ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Gateway"), "gateway", gateway, output, ServiceProcess.RepositoryFolder));
        foreach (var process in _processes.Skip(1))
        {
            await process.WaitForOutputAsync("Welcome from", TimeSpan.FromSeconds(60));
        }

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            TokenMinter.ForSharedKey(TestAuth.Issuer, TestAuth.Audience, TestAuth.SigningKey).Mint("cluster-tests", OrdersScopes.All, TimeSpan.FromHours(2)));
        await Eventually.Holds(async () => Assert.True((await Http.GetAsync("/health/ready")).IsSuccessStatusCode), TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Starts node <paramref name="index"/> again, as an orchestrator restarts a container: the same address and
    /// settings, a new process (a new incarnation to the cluster). The node it replaces must have exited.
    /// </summary>
    public ServiceProcess RestartNode(int index, ITestOutputHelper output)
    {
        var old = _processes[index];
        if (!old.HasExited)
        {
            throw new InvalidOperationException($"{old.Name} is still running");
        }

        _replaced.Add(old);
        _processes[index] = ServiceProcess.Start(ServiceProcess.BuildOutputOf("Orders.Node"), $"{old.Name}-restarted",
            _nodeEnvironments[index], output, ServiceProcess.RepositoryFolder);
        return _processes[index];
    }

    public void Dispose()
    {
        Http?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes).Concat(_replaced))
        {
            process.Dispose();
        }
    }
}
