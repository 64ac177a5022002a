using System.Net;
using System.Net.Http.Json;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>/health/ready tells the truth about the read side: a failed or stalled projection is not healthy.</summary>
public abstract class ProjectionHealthTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public async Task A_poison_event_makes_the_service_unready_and_names_the_event()
    {
        var (factory, client) = Start();
        await CreateAsync(client, "healthy-1");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode));

        await using (var poison = await new RawJournalWriter(factory.Database, factory.Slices).BeginAsync("poisoned", 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await poison.CommitAsync();
        }

        await Eventually.Holds(async () =>
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(body.Contains("failed at order-poisoned #1"), body);
        });
    }

    [SkippableFact]
    public async Task A_projection_that_stops_making_progress_makes_the_service_unready_until_it_recovers()
    {
        var (factory, client) = Start();
        await CreateAsync(client, "stall-0");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode));

        // Take a read table away: the customer_orders workers fail on every batch and retry, and events wait.
        await factory.Database.ExecuteOnReadModelAsync("ALTER TABLE customer_orders RENAME TO customer_orders_away");
        await CreateAsync(client, "stall-1");
        await Eventually.Holds(async () =>
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(body.Contains("made no progress"), body);
        }, TimeSpan.FromSeconds(30));

        await factory.Database.ExecuteOnReadModelAsync("ALTER TABLE customer_orders_away RENAME TO customer_orders");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode),
            TimeSpan.FromSeconds(30));
    }

    private (GatewayFactory Factory, HttpClient Client) Start()
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database, new Dictionary<string, string?>
        {
            ["Orders:Gateway:ProjectionStallAfter"] = "00:00:01",
        }));
        return (factory, factory.CreateClient());
    }

    private static async Task CreateAsync(HttpClient client, string orderId) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId,
            customerId = "c-health",
            lines = new[] { new { sku = "A", quantity = 1, unitPrice = 1m } },
        })).StatusCode);

}

public sealed class ProjectionHealthTestsOnSqlite() : ProjectionHealthTests(DatabaseProvider.Sqlite);

public sealed class ProjectionHealthTestsOnPostgreSql() : ProjectionHealthTests(DatabaseProvider.PostgreSql);
