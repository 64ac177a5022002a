using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The journal's database goes down and comes back, on a PostgreSQL server of the test's own: commands answer
/// 503 quickly instead of hanging, nothing half-written remains, and the service recovers by itself.
/// </summary>
public sealed class DatabaseOutageTests : IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(4);
    private readonly PrivatePostgresServer _server;
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    private readonly ITestOutputHelper _output;

    public DatabaseOutageTests(ITestOutputHelper output)
    {
        _output = output;
        _server = PrivatePostgresServer.Start();
        _server.CreateDatabase("orders");
    }

    /// <summary>Starts the gateway on the test's own server (which may be down at that moment).</summary>
    private void StartGateway()
    {
        _factory = new GatewayFactory(
            new ServerTestDatabase(DatabaseProvider.PostgreSql, _server.ConnectionString("orders")),
            new Dictionary<string, string?>
            {
                ["Orders:Gateway:AskTimeout"] = AskTimeout.ToString(),
                ["Orders:Projections:MaxRestartBackoff"] = "00:00:02",
                ["Orders:Database:CircuitBreaker:ResetTimeout"] = "00:00:02",
                // An immediate stop makes PostgreSQL skip ahead in the journal's ordering sequence on restart: a gap
                // that never fills, which the read side waits out (GapWait, stretched under load) before it goes on.
                // This test is about the outage, not that wait: keep it short.
                ["Orders:Projections:GapWait"] = "00:00:02",
            });
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _server.Dispose();
    }

    [SkippableFact]
    public async Task A_gateway_started_while_the_database_is_down_runs_not_ready_and_serves_once_it_is_back()
    {
        _server.StopServer();
        StartGateway();

        // The host runs: it answers its health checks, not ready, saying why.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("the read tables' database does not answer", await ready.Content.ReadAsStringAsync());
        await OrderApiTests.ExpectProblemAsync(await Create("while-down"), HttpStatusCode.ServiceUnavailable, "unavailable");

        _server.StartServer();
        var recovery = Stopwatch.StartNew();
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode), TimeSpan.FromSeconds(60));
        _output.WriteLine($"ready {recovery.ElapsedMilliseconds} ms after the database is back");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.Created, (await Create("after")).StatusCode), TimeSpan.FromSeconds(30));
        await ExpectReadModelAsync("after", "pending");
        Assert.Contains(_factory.Logs.Entries, entry => entry.Message.Contains("The read tables cannot be created yet", StringComparison.Ordinal));

        // The command sent while the database was down had no answer in time (503: retry with the same key). It may
        // still have been stored once the journal came back; its retry answers as created, and it is stored once.
        await Eventually.Holds(async () => Assert.True((await Create("while-down")).IsSuccessStatusCode), TimeSpan.FromSeconds(30));
        Assert.Single(await _factory.Journal.EventsOfOrderAsync("while-down"));
    }

    [SkippableFact]
    public async Task Commands_answer_503_during_an_outage_and_succeed_again_once_the_database_is_back()
    {
        StartGateway();
        // The first command of a fresh node may outlast the Ask timeout on a busy machine: retry it, safely.
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.Created, (await Create("before")).StatusCode), TimeSpan.FromSeconds(30));
        await ExpectReadModelAsync("before", "pending");

        _server.StopServer();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var pay = await Pay("before", "pay-before");
            var create = await Create($"during-{attempt}");
            _output.WriteLine($"outage attempt {attempt}: two commands answered in {clock.ElapsedMilliseconds} ms");
            // Neither request may hang: each is answered by the journal's failure or, at the latest, the Ask timeout.
            Assert.True(clock.Elapsed < AskTimeout * 2 + TimeSpan.FromSeconds(2), $"two commands took {clock.Elapsed}");
            await OrderApiTests.ExpectProblemAsync(pay, HttpStatusCode.ServiceUnavailable, "unavailable");
            await OrderApiTests.ExpectProblemAsync(create, HttpStatusCode.ServiceUnavailable, "unavailable");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetAsync("/health/ready")).StatusCode);

        _server.StartServer();
        var recovery = Stopwatch.StartNew();
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await Pay("before", "pay-before")).StatusCode), TimeSpan.FromSeconds(30));
        _output.WriteLine($"commands succeed again {recovery.ElapsedMilliseconds} ms after the database is back");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.Created, (await Create("after")).StatusCode), TimeSpan.FromSeconds(30));
        await ExpectReadModelAsync("before", "paid");
        await ExpectReadModelAsync("after", "pending");
        _output.WriteLine($"read model caught up {recovery.ElapsedMilliseconds} ms after the database is back");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);

        // Nothing half-written: only acknowledged commands are in the journal, each event with its tag.
        var events = await _factory.Journal.AllOrderEventsAsync(_factory.Slices);
        Assert.Equal(
            ["before:OrderCreated:1", "before:OrderPaid:2", "after:OrderCreated:1"],
            events.Select(e => $"{((IOrderEvent)e.Event).OrderId}:{e.Event.GetType().Name}:{e.SequenceNr}"));
        Assert.Equal(2, (await _factory.Journal.EventsOfOrderAsync("before")).Count);
        Assert.Empty(await _factory.Journal.EventsOfOrderAsync("during-0"));
    }

    private Task<HttpResponseMessage> Create(string orderId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new { orderId, customerId = "c-1", lines = new[] { new { sku = "A", quantity = 1, unitPrice = 5m } } }),
        };
        request.Headers.Add("Idempotency-Key", "create-" + orderId);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> Pay(string orderId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{orderId}/pay")
        {
            Content = JsonContent.Create(new { paymentMethod = "card", amount = 5m }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return _client.SendAsync(request);
    }

    private Task ExpectReadModelAsync(string orderId, string status) => Eventually.Holds(async () =>
    {
        var response = await _client.GetAsync($"/orders/{orderId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }, TimeSpan.FromSeconds(30));
}
