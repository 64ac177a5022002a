using Akka.Actor;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>The real gateway (actor system, journal, projections) over a test database of its own.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _overrides;
    private readonly string _environment;

    public GatewayFactory(TestDatabase database, IDictionary<string, string?>? overrides = null, string environment = "Testing")
    {
        _database = database;
        _environment = environment;
        _overrides = new Dictionary<string, string?>
        {
            ["Orders:Database:Provider"] = database.Provider.ToString(),
            ["Orders:Database:ConnectionString"] = database.ConnectionString,
            ["Orders:Database:ReadModelConnectionString"] = database.ReadModelConnectionString,
            ["Orders:Cluster:Port"] = "0",
            ["Orders:Projections:PollInterval"] = "00:00:00.050",
            ["Orders:Gateway:AskTimeout"] = "00:00:15",
            ["Orders:Gateway:ReadYourWritesTimeout"] = "00:00:01",
            ["Orders:Projections:ControlInterval"] = "00:00:00.200",
            ["Orders:Projections:BatchWindow"] = "00:00:00.020",
            ["Orders:Projections:BacktrackingInterval"] = "00:00:02",
            // Tests drive the API far faster than a client may; RateLimitTests turns the limiter on.
            ["Orders:Gateway:RateLimit:Enabled"] = "false",
        };
        foreach (var (key, value) in TestAuth.Configuration().Concat(overrides ?? new Dictionary<string, string?>()))
        {
            _overrides[key] = value;
        }
    }

    public TestDatabase Database => _database;

    /// <summary>Every log entry of the host, with its structured properties.</summary>
    public LogCollector Logs { get; } = new();

    public JournalReader Journal => new(Services.GetRequiredService<ActorSystem>());

    public int Slices => int.Parse(Services.GetRequiredService<IConfiguration>()["Orders:Projections:Slices"] ?? "4");

    /// <summary>Clients act as an operator with every scope unless a test sets another Authorization header.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Authorized(Tokens.Operator);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_overrides));
    }
}
