using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Domain;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>Rebuilding projections while the API serves reads and takes writes.</summary>
public abstract class RebuildTests(DatabaseProvider provider, ITestOutputHelper output) : TestWithResources
{
    [SkippableFact]
    public async Task A_rebuild_repairs_drift_while_reads_never_fail_and_new_writes_are_kept()
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database));
        var client = factory.CreateClient();
        for (var i = 0; i < 30; i++)
        {
            await client.CreateOrderAsync($"rb-{i}", $"customer-{i % 4}", $"SKU-{$"rb-{i}".Length % 3}");
            if (i % 3 == 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/orders/rb-{i}/pay", new { paymentMethod = "card", amount = 6m })).StatusCode);
            }
        }

        await WaitForCaughtUpAsync(client);
        // Drift, as a bug or a hand-made UPDATE would leave it.
        await database.ExecuteOnReadModelAsync("UPDATE order_summary SET total_amount = 999 WHERE order_id = 'rb-0'");
        await database.ExecuteOnReadModelAsync("DELETE FROM customer_orders WHERE customer_id = 'customer-1'");
        await database.ExecuteOnReadModelAsync("UPDATE product_sales_daily SET quantity_sold = quantity_sold + 100");

        using var reading = new CancellationTokenSource();
        var failures = new List<string>();
        var reads = 0;
        // Reads go on until the rebuilds are done and at least twelve have been made: a small rebuild can finish in fewer.
        var reader = Task.Run(async () =>
        {
            while (!reading.IsCancellationRequested || Volatile.Read(ref reads) < 12)
            {
                foreach (var path in new[] { "/orders/rb-5", "/orders?limit=10", "/customers/customer-2" })
                {
                    var response = await client.GetAsync(path);
                    Interlocked.Increment(ref reads);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{path}: {(int)response.StatusCode}");
                    }
                }
            }
        });

        // The reader is reading before the first rebuild starts.
        await Eventually.Holds(() =>
        {
            Assert.True(Volatile.Read(ref reads) >= 3);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));
        foreach (var projection in new[] { "order_summary", "customer_orders", "product_sales_daily" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/projections/{projection}/rebuild", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/projections/order_summary/rebuild", null)).StatusCode);
        await client.CreateOrderAsync("rb-during", "customer-1", $"SKU-{"rb-during".Length % 3}");
        await WaitForCaughtUpAsync(client);
        reading.Cancel();
        await reader;
        output.WriteLine($"{reads} reads during the rebuild, {failures.Count} failed");
        Assert.Empty(failures);

        var events = (await factory.Journal.AllOrderEventsAsync(factory.Slices)).Select(e => (IOrderEvent)e.Event).ToList();
        var expected = ReadModelContent.ExpectedFrom(events);
        var actual = await ReadModelContent.ReadAsync(ReadModelStore.For(database.Settings().Database),
            events.Select(e => e.OrderId), events.OfType<OrderCreated>().Select(e => e.CustomerId));
        Assert.Equal(expected.OrderSummary, actual.OrderSummary);
        Assert.Equal(expected.CustomerOrders, actual.CustomerOrders);
        Assert.Equal(expected.ProductSales, actual.ProductSales);
    }

    /// <summary>No rebuild generation is left and every live worker runs with nothing waiting.</summary>
    private static Task WaitForCaughtUpAsync(HttpClient client) => Eventually.Holds(async () =>
    {
        var workers = (await client.GetFromJsonAsync<JsonElement>("/projections")).GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(12, workers.Count);
        Assert.All(workers, worker =>
        {
            Assert.Equal("running", worker.GetProperty("state").GetString());
            Assert.Equal(0, worker.GetProperty("lagEvents").GetInt64());
        });
    }, TimeSpan.FromSeconds(60));

}

public sealed class RebuildTestsOnSqlite(ITestOutputHelper output) : RebuildTests(DatabaseProvider.Sqlite, output);

public sealed class RebuildTestsOnPostgreSql(ITestOutputHelper output) : RebuildTests(DatabaseProvider.PostgreSql, output);
