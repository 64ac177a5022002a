using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Orders.Gateway.Security;
using Orders.Gateway;
using Orders.Projections.Rebuild;
using Orders.Projections.Storage;
using Orders.WriteSide.Sharding;

namespace Orders.Benchmarks;

/// <summary>
/// The service under test, in this process: the gateway's own composition (actor system with every role,
/// journal, projections, HTTP on a loopback port), configured only by <see cref="OrdersSettingsOverrides"/>.
/// </summary>
public sealed class OrdersService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OrdersService(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public IActorRef Region => _app.Services.GetRequiredService<ActorRegistry>().Get<OrderRegion>();

    public ProjectionRebuilder Rebuilder => _app.Services.GetRequiredService<ProjectionRebuilder>();

    /// <summary>The read tables, as the gateway reads them.</summary>
    public ReadModelStore ReadModel => _app.Services.GetRequiredService<ReadModelStore>();

    public static async Task<OrdersService> StartAsync(OrdersSettingsOverrides settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // An empty content root: no appsettings.json applies, only the overrides below.
            ContentRootPath = Directory.CreateTempSubdirectory("orders-bench-").FullName,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());
        // The production authentication path: tokens checked against a key made for this run.
        var signingKey = TokenMinter.RandomKey();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orders:Gateway:Auth:Issuer"] = "orders-bench",
            ["Orders:Gateway:Auth:Audience"] = "orders",
            ["Orders:Gateway:Auth:SigningKey"] = signingKey,
        });
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddOrdersGateway();
        var app = builder.Build();
        app.MapOrdersGateway();
        await app.StartAsync();
        var service = new OrdersService(app, new Uri($"http://127.0.0.1:{port}"));
        service.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            TokenMinter.ForSharedKey("orders-bench", "orders", signingKey).Mint("bench", OrdersScopes.All, TimeSpan.FromHours(12)));
        await service.WaitUntilReadyAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Waits until every projection worker has nothing left to read; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForProjectionsAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var workers = (await Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/projections")).GetProperty("workers").EnumerateArray().ToList();
            if (workers.Count > 0 && workers.All(worker => worker.GetProperty("lagEvents").GetInt64() == 0))
            {
                return clock.Elapsed;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the projections did not catch up within {timeout}");
    }

    private async Task WaitUntilReadyAsync()
    {
        var last = "";
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var answer = await Http.GetAsync("/health/ready");
            if (answer.IsSuccessStatusCode)
            {
                return;
            }

            last = await answer.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }

        throw new TimeoutException($"the service did not become ready within 60 s; /health/ready said: {last}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
