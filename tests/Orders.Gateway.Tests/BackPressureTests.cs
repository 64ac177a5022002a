using System.Net;
using System.Net.Http.Json;
using Orders.Cluster.Configuration;
using Orders.Cluster.Serialization;
using Orders.Domain;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// Commands beyond <c>Orders:Gateway:MaxCommandsInFlight</c> answer 503 <c>overloaded</c> with Retry-After at once:
/// back-pressure instead of a queue that grows; nothing hangs and nothing turned away is stored.
/// </summary>
public abstract class BackPressureTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public async Task Commands_beyond_the_in_flight_limit_answer_503_overloaded_at_once()
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database, new Dictionary<string, string?>
        {
            ["Orders:Gateway:MaxCommandsInFlight"] = "1",
        }));
        var client = factory.CreateClient();
        // Warm up: the first persist into a fresh journal is slow and not what this test is about.
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(client, "bp-warm")).StatusCode);

        // Occupy the one slot: a create whose journal row is held by an open transaction of our own (the same key on
        // PostgreSQL, the write lock on SQLite) waits in the journal until that transaction ends.
        var held = await new RawJournalWriter(database, factory.Slices).BeginAsync("bp-held", 1, EventManifests.Current[typeof(OrderCreated)],
            new OrderEventSerializer(null!).ToBinary(new OrderCreated("bp-held", "c", "USD", [], DateTimeOffset.UtcNow)));
        HttpResponseMessage blocked;
        List<HttpResponseMessage> turnedAway;
        await using (held)
        {
            var waiting = CreateAsync(client, "bp-held");
            await Task.Delay(500);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            turnedAway = [.. await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CreateAsync(client, $"bp-{i}")))];
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"turning 10 commands away took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.All(turnedAway, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
            await held.DisposeAsync(); // rolls back: the waiting create goes on
            blocked = await waiting;
        }

        await OrderApiTests.ExpectProblemAsync(turnedAway[0], HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal("1", turnedAway[0].Headers.GetValues("Retry-After").Single());
        // The held create went on after the rollback (or, on SQLite, failed at the journal's call timeout): either way it was answered.
        Assert.Contains(blocked.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable });

        // Nothing turned away was stored, and the slot is free again.
        var stored = (await factory.Journal.AllOrderEventsAsync(factory.Slices)).Select(e => ((IOrderEvent)e.Event).OrderId).ToList();
        Assert.DoesNotContain(stored, id => id.StartsWith("bp-", StringComparison.Ordinal) && id != "bp-warm" && id != "bp-held");
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(client, "bp-again")).StatusCode);
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string orderId) =>
        client.PostAsJsonAsync("/orders", new { orderId, customerId = "c", lines = Array.Empty<object>() });
}

public sealed class BackPressureTestsOnSqlite() : BackPressureTests(DatabaseProvider.Sqlite);

public sealed class BackPressureTestsOnPostgreSql() : BackPressureTests(DatabaseProvider.PostgreSql);
