using System.Net;
using System.Net.Http.Json;
using Orders.Cluster.Configuration;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// Commands beyond <c>Orders:Gateway:MaxCommandsInFlight</c> answer 503 <c>overloaded</c> with Retry-After at once:
/// back-pressure instead of a queue that grows; nothing hangs and every command that got in is stored.
/// </summary>
public abstract class BackPressureTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public async Task Commands_beyond_the_in_flight_limit_answer_503_overloaded_at_once()
    {
        var factory = Track(new GatewayFactory(Track(TestDatabases.Create(provider)), new Dictionary<string, string?>
        {
            ["Orders:Gateway:MaxCommandsInFlight"] = "2",
        }));
        var client = factory.CreateClient();
        // Warm up: the first persist into a fresh journal is slow and not what this test is about.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new { orderId = "bp-warm", customerId = "c", lines = Array.Empty<object>() })).StatusCode);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.PostAsJsonAsync("/orders", new { orderId = $"bp-{i}", customerId = "c", lines = Array.Empty<object>() })));
        var elapsed = clock.Elapsed;

        var overloaded = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.NotEmpty(overloaded);
        await OrderApiTests.ExpectProblemAsync(overloaded[0], HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal("1", overloaded[0].Headers.GetValues("Retry-After").Single());
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"40 commands took {elapsed.TotalSeconds:F1} s");

        // What got in is stored; what was turned away is not, and can be sent again.
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(created + 1, await CountOrdersAsync(factory));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new { orderId = "bp-again", customerId = "c", lines = Array.Empty<object>() })).StatusCode);
    }

    private static async Task<int> CountOrdersAsync(GatewayFactory factory) =>
        (await factory.Journal.AllOrderEventsAsync(factory.Slices)).Count;
}

public sealed class BackPressureTestsOnSqlite() : BackPressureTests(DatabaseProvider.Sqlite);

public sealed class BackPressureTestsOnPostgreSql() : BackPressureTests(DatabaseProvider.PostgreSql);
