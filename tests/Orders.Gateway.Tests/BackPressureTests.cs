using System.Net;
using System.Net.Http.Json;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Configuration;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Testing;
using Orders.WriteSide.Actors;

namespace Orders.Gateway.Tests;

/// <summary>
/// Commands beyond <c>Orders:Gateway:MaxCommandsInFlight</c> (at the edge) or beyond
/// <c>Orders:Cluster:MaxCommandsAwaitingJournal</c> (the bounded queue before the journal) answer 503
/// <c>overloaded</c> with Retry-After at once: back-pressure instead of a queue that grows; nothing hangs and nothing
/// turned away is stored.
/// </summary>
public abstract class BackPressureTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public Task Commands_beyond_the_in_flight_limit_answer_503_overloaded_at_once() =>
        ExpectOverloadedWhileOneCommandWaitsAsync("Orders:Gateway:MaxCommandsInFlight", "commands are already waiting for their orders");

    [SkippableFact]
    public Task Commands_beyond_the_journal_queue_answer_503_overloaded_at_once() =>
        ExpectOverloadedWhileOneCommandWaitsAsync("Orders:Cluster:MaxCommandsAwaitingJournal", "commands are already waiting for the journal");

    /// <summary>With <paramref name="limitKey"/> at 1 and one command held in the journal, every other command is turned away.</summary>
    private async Task ExpectOverloadedWhileOneCommandWaitsAsync(string limitKey, string detail)
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database, new Dictionary<string, string?> { [limitKey] = "1" }));
        var client = factory.CreateClient();
        // The orders the commands will be turned away from exist and are recovered first: recovery is not what this
        // test is about (and on SQLite it would queue behind the held write on the journal's one connection).
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(client, "bp-held")).StatusCode);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await CreateAsync(client, $"bp-{i}")).StatusCode);
        }

        // Occupy the one place: a new line whose journal row (bp-held's event 2) is held by an open transaction of our
        // own (the same key on PostgreSQL, the write lock on SQLite) waits in the journal until that transaction ends.
        var held = await new RawJournalWriter(database, factory.Slices).BeginAsync("bp-held", 2, EventManifests.Current[typeof(OrderLineAdded)],
            new OrderEventSerializer(null!).ToBinary(new OrderLineAdded("bp-held", "B", 1, 2.5m, DateTimeOffset.UtcNow)));
        HttpResponseMessage blocked;
        List<HttpResponseMessage> turnedAway;
        await using (held)
        {
            var waiting = AddLineAsync(client, "bp-held");
            // Not a fixed pause: on a busy machine the held command can take a while to reach the journal.
            var admission = JournalAdmission.For(factory.Services.GetRequiredService<ActorSystem>());
            await Eventually.Holds(() =>
            {
                Assert.Equal(1, admission.Waiting);
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(20));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            turnedAway = [.. await Task.WhenAll(Enumerable.Range(0, 10).Select(i => AddLineAsync(client, $"bp-{i}")))];
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"turning 10 commands away took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.All(turnedAway, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
            await held.DisposeAsync(); // rolls back: the waiting line goes on
            blocked = await waiting;
        }

        foreach (var response in turnedAway)
        {
            var problem = await OrderApiTests.ExpectProblemAsync(response, HttpStatusCode.ServiceUnavailable, "overloaded");
            Assert.Contains(detail, problem.GetProperty("detail").GetString());
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }

        // The held line went on after the rollback (or, on SQLite, failed at the journal's call timeout): either way it was answered.
        Assert.Contains(blocked.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });

        // Nothing turned away was stored (each order still has its create only), and the place is free again.
        var stored = (await factory.Journal.AllOrderEventsAsync(factory.Slices)).Select(e => (IOrderEvent)e.Event).ToList();
        Assert.All(Enumerable.Range(0, 10), i => Assert.IsType<OrderCreated>(Assert.Single(stored, e => e.OrderId == $"bp-{i}")));
        Assert.Equal(HttpStatusCode.OK, (await AddLineAsync(client, "bp-0")).StatusCode);
    }

    private static Task<HttpResponseMessage> AddLineAsync(HttpClient client, string orderId) =>
        client.PostAsJsonAsync($"/orders/{orderId}/lines", new { sku = "B", quantity = 1, unitPrice = 2.5m });

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string orderId) =>
        client.PostAsJsonAsync("/orders", new { orderId, customerId = "c", lines = Array.Empty<object>() });
}

public sealed class BackPressureTestsOnSqlite() : BackPressureTests(DatabaseProvider.Sqlite);

public sealed class BackPressureTestsOnPostgreSql() : BackPressureTests(DatabaseProvider.PostgreSql);
