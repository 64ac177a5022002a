using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Testing;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary>The query side of the API: lists with keyset paging, customers, read-your-writes, projection status and control.</summary>
public abstract class ReadApiTests
{
    private readonly HttpClient _client;

    protected ReadApiTests(IGatewayFixture fixture)
    {
        fixture.ThrowIfUnavailable();
        _client = fixture.Client;
    }

    [SkippableFact]
    public async Task Orders_are_listed_in_id_order_one_page_after_another_with_filters()
    {
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync($"list-{i}", i % 2 == 0 ? "list-even" : "list-odd", minVersion: true);
        }

        await PayAsync("list-2");
        await Eventually.Holds(async () => Assert.Equal("paid", (await GetJsonAsync("/orders/list-2")).GetProperty("status").GetString()));

        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await GetJsonAsync($"/orders?customerId=list-even&limit=2{(after is null ? "" : $"&after={after}")}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("orderId").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(["list-0", "list-2", "list-4", "list-6"], ids);
        var paid = await GetJsonAsync("/orders?customerId=list-even&status=paid");
        Assert.Equal(["list-2"], paid.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("orderId").GetString()));
        var capped = await GetJsonAsync("/orders?limit=100000");
        Assert.InRange(capped.GetProperty("items").GetArrayLength(), 7, 500);

        await OrderApiTests.ExpectProblemAsync(await _client.GetAsync("/orders?limit=0"), HttpStatusCode.BadRequest, "validation");
        await OrderApiTests.ExpectProblemAsync(await _client.GetAsync("/orders?status=lost"), HttpStatusCode.BadRequest, "validation");
    }

    [SkippableFact]
    public async Task A_customer_reads_back_its_order_counts_and_spending()
    {
        await CreateAsync("cust-1", "customer-x", minVersion: true);
        await CreateAsync("cust-2", "customer-x", minVersion: true);
        await PayAsync("cust-1");

        await Eventually.Holds(async () =>
        {
            var customer = await GetJsonAsync("/customers/customer-x");
            Assert.Equal(2, customer.GetProperty("orderCount").GetInt32());
            Assert.Equal(2, customer.GetProperty("openCount").GetInt32());
            Assert.Equal(20m, customer.GetProperty("totalSpent").GetDecimal());
        });
        await OrderApiTests.ExpectProblemAsync(await _client.GetAsync("/customers/nobody"), HttpStatusCode.NotFound, "not-found");
    }

    [SkippableFact]
    public async Task Min_version_reads_your_own_write_or_answers_503_with_retry_after()
    {
        var created = await CreateAsync("ryw-1", "c-ryw", minVersion: false);
        var paid = await PayAsync("ryw-1");

        // The wait is short in tests (1 s); a loaded machine may need a retry, as a client would after Retry-After.
        var read = await _client.GetAsync($"/orders/ryw-1?minVersion={paid}");
        for (var retry = 0; retry < 10 && read.StatusCode == HttpStatusCode.ServiceUnavailable; retry++)
        {
            Assert.Equal("1", read.Headers.GetValues("Retry-After").Single());
            read = await _client.GetAsync($"/orders/ryw-1?minVersion={paid}");
        }

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True((await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64() >= paid);
        Assert.Equal(1, created);

        var tooFar = await _client.GetAsync("/orders/ryw-1?minVersion=99");
        await OrderApiTests.ExpectProblemAsync(tooFar, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal("1", tooFar.Headers.GetValues("Retry-After").Single());
        await OrderApiTests.ExpectProblemAsync(await _client.GetAsync("/orders/ryw-1?minVersion=0"), HttpStatusCode.BadRequest, "validation");
    }

    [SkippableFact]
    public async Task Projection_status_lists_every_worker_and_pause_and_resume_take_effect()
    {
        await CreateAsync("status-1", "c-status", minVersion: true);
        await Eventually.Holds(async () =>
        {
            var workers = (await GetJsonAsync("/projections")).GetProperty("workers").EnumerateArray().ToList();
            Assert.Equal(12, workers.Count);
            Assert.All(workers, worker =>
            {
                Assert.Equal("running", worker.GetProperty("state").GetString());
                Assert.Equal(0, worker.GetProperty("lagEvents").GetInt64());
                Assert.Equal(worker.GetProperty("offset").GetInt64(), worker.GetProperty("head").GetInt64());
            });
            Assert.Equal(["customer_orders", "order_summary", "product_sales_daily"],
                workers.Select(worker => worker.GetProperty("projection").GetString()).Distinct().Order());
        });

        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync("/projections/order_summary/pause?slice=1", null)).StatusCode);
        await Eventually.Holds(async () => Assert.Contains(
            (await GetJsonAsync("/projections")).GetProperty("workers").EnumerateArray(),
            worker => worker.GetProperty("projection").GetString() == "order_summary" && worker.GetProperty("slice").GetInt32() == 1
                      && worker.GetProperty("state").GetString() == "paused"));
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync("/projections/order_summary/resume", null)).StatusCode);
        await Eventually.Holds(async () => Assert.All(
            (await GetJsonAsync("/projections")).GetProperty("workers").EnumerateArray(),
            worker => Assert.Equal("running", worker.GetProperty("state").GetString())));

        await OrderApiTests.ExpectProblemAsync(await _client.PostAsync("/projections/nothing/pause", null), HttpStatusCode.NotFound, "not-found");
        await OrderApiTests.ExpectProblemAsync(await _client.PostAsync("/projections/order_summary/pause?slice=9", null), HttpStatusCode.BadRequest, "validation");
    }

    private async Task<long> CreateAsync(string orderId, string customerId, bool minVersion)
    {
        var response = await _client.PostAsJsonAsync("/orders", new
        {
            orderId,
            customerId,
            lines = new[] { new { sku = "A", quantity = 2, unitPrice = 10m } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
        if (minVersion)
        {
            await Eventually.Holds(async () =>
                Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/orders/{orderId}?minVersion={version}")).StatusCode));
        }

        return version;
    }

    private async Task<long> PayAsync(string orderId)
    {
        var response = await _client.PostAsJsonAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed class ReadApiTestsOnSqlite(GatewayFixture<OnSqlite> fixture)
    : ReadApiTests(fixture), IClassFixture<GatewayFixture<OnSqlite>>;

public sealed class ReadApiTestsOnPostgreSql(GatewayFixture<OnPostgreSql> fixture)
    : ReadApiTests(fixture), IClassFixture<GatewayFixture<OnPostgreSql>>;
