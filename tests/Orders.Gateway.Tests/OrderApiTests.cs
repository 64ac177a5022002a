using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Testing;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary>The HTTP API end to end: HTTP → shard region → order actor → journal → projection → read table → HTTP.</summary>
public abstract class OrderApiTests
{
    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;

    protected OrderApiTests(IGatewayFixture fixture)
    {
        fixture.ThrowIfUnavailable();
        _factory = fixture.Factory;
        _client = fixture.Client;
    }

    [SkippableFact]
    public async Task An_order_created_paid_shipped_and_delivered_reads_back_with_each_status()
    {
        var create = await _client.PostAsJsonAsync("/orders", new
        {
            customerId = "customer-1",
            currency = "EUR",
            lines = new[] { new { sku = "A", quantity = 2, unitPrice = 9.99m }, new { sku = "B", quantity = 1, unitPrice = 0.02m } },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = created.GetProperty("orderId").GetString()!;
        Assert.Equal(1, created.GetProperty("version").GetInt64());
        Assert.Equal($"/orders/{orderId}", create.Headers.Location?.OriginalString);
        await ExpectStatusAsync(orderId, "pending", 1);

        await ExpectVersionAsync(await _client.PostAsJsonAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20.00m }), 2);
        await ExpectStatusAsync(orderId, "paid", 2);
        await ExpectVersionAsync(await _client.PostAsJsonAsync($"/orders/{orderId}/ship", new { carrier = "ups", trackingNumber = "1Z999" }), 3);
        await ExpectStatusAsync(orderId, "shipped", 3);
        await ExpectVersionAsync(await _client.PostAsync($"/orders/{orderId}/deliver", null), 4);
        var delivered = await ExpectStatusAsync(orderId, "delivered", 4);

        Assert.Equal("customer-1", delivered.GetProperty("customerId").GetString());
        Assert.Equal("EUR", delivered.GetProperty("currency").GetString());
        Assert.Equal(2, delivered.GetProperty("lineCount").GetInt32());
        Assert.Equal(20.00m, delivered.GetProperty("totalAmount").GetDecimal());
        Assert.Equal(JsonValueKind.String, delivered.GetProperty("deliveredAt").ValueKind);
        var lines = delivered.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["A", "B"], lines.Select(line => line.GetProperty("sku").GetString()));
        Assert.Equal(19.98m, lines[0].GetProperty("lineTotal").GetDecimal());
    }

    [SkippableFact]
    public async Task Lines_can_be_added_and_removed_while_pending_and_cancel_answers_the_new_version()
    {
        var orderId = await CreateAsync("lines-1");

        await ExpectVersionAsync(await _client.PostAsJsonAsync($"/orders/{orderId}/lines", new { sku = "C", quantity = 3, unitPrice = 1.5m }), 2);
        await ExpectVersionAsync(await _client.DeleteAsync($"/orders/{orderId}/lines/A"), 3);
        await ExpectVersionAsync(await _client.PostAsJsonAsync($"/orders/{orderId}/cancel", new { reason = "changed my mind" }), 4);

        var cancelled = await ExpectStatusAsync(orderId, "cancelled", 4);
        Assert.Equal(["C"], cancelled.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("sku").GetString()));
        Assert.Equal(4.5m, cancelled.GetProperty("totalAmount").GetDecimal());
    }

    [SkippableFact]
    public async Task A_retried_command_with_the_same_idempotency_key_is_applied_once()
    {
        var orderId = await CreateAsync("idem-1");
        var before = await CountEventsAsync();

        var first = await SendWithKeyAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m }, "pay-idem-1");
        var second = await SendWithKeyAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m }, "pay-idem-1");

        await ExpectVersionAsync(first, 2);
        await ExpectVersionAsync(second, 2);
        Assert.Equal(before + 1, await CountEventsAsync());
    }

    [SkippableFact]
    public async Task If_match_with_the_current_version_is_accepted_and_with_another_is_412()
    {
        var orderId = await CreateAsync("match-1");

        var stale = await SendWithHeaderAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m }, "If-Match", "\"7\"");
        await ExpectProblemAsync(stale, HttpStatusCode.PreconditionFailed, "version-conflict");

        var current = await SendWithHeaderAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m }, "If-Match", "\"1\"");
        await ExpectVersionAsync(current, 2);
        Assert.Equal("\"2\"", current.Headers.ETag?.ToString());
    }

    [SkippableFact]
    public async Task An_orders_history_and_its_state_at_any_version_or_time_come_from_the_journal()
    {
        var orderId = await CreateAsync("history-1");
        await ExpectVersionAsync(await _client.PostAsJsonAsync($"/orders/{orderId}/pay", new { paymentMethod = "card", amount = 20m }), 2);

        var history = await _client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/events");
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["order-created.v2", "order-paid.v2"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(20m, events[1].GetProperty("payload").GetProperty("amount").GetDecimal());
        var page = await _client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/events?from=1&limit=1");
        Assert.Equal(2, page.GetProperty("next").GetInt64());

        var first = await _client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/state?version=1");
        Assert.Equal(("pending", 1), (first.GetProperty("status").GetString(), first.GetProperty("version").GetInt32()));
        var createdAt = events[0].GetProperty("timestamp").GetDateTimeOffset();
        var atCreation = await _client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/state?at={Uri.EscapeDataString(createdAt.ToString("O"))}");
        Assert.Equal("pending", atCreation.GetProperty("status").GetString());
        Assert.Equal("paid", (await _client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/state")).GetProperty("status").GetString());

        await ExpectProblemAsync(await _client.GetAsync($"/orders/{orderId}/state?at=2000-01-01T00:00:00Z"), HttpStatusCode.NotFound, "not-found");
        await ExpectProblemAsync(await _client.GetAsync($"/orders/{orderId}/state?at=yesterday"), HttpStatusCode.BadRequest, "validation");
        await ExpectProblemAsync(await _client.GetAsync($"/orders/{orderId}/state?version=0"), HttpStatusCode.BadRequest, "validation");
        await ExpectProblemAsync(await _client.GetAsync("/orders/never-created/events"), HttpStatusCode.NotFound, "not-found");
        await ExpectProblemAsync(await _client.GetAsync("/orders/never-created/state"), HttpStatusCode.NotFound, "not-found");
    }

    [SkippableFact]
    public async Task The_sales_channel_and_the_payment_reference_are_kept_and_an_unknown_channel_is_a_400()
    {
        var created = await _client.PostAsJsonAsync("/orders", new
        {
            orderId = "channel-1", customerId = "c-1", salesChannel = "marketplace",
            lines = new[] { new { sku = "A", quantity = 2, unitPrice = 5m } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ExpectVersionAsync(await _client.PostAsJsonAsync("/orders/channel-1/pay", new { paymentMethod = "card", amount = 10m, paymentReference = "ch_1" }), 2);

        var state = await _client.GetFromJsonAsync<JsonElement>("/orders/channel-1/state");
        Assert.Equal(("marketplace", "card", "ch_1"),
            (state.GetProperty("salesChannel").GetString(), state.GetProperty("paymentMethod").GetString(), state.GetProperty("paymentReference").GetString()));
        var events = (await _client.GetFromJsonAsync<JsonElement>("/orders/channel-1/events")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("marketplace", events[0].GetProperty("payload").GetProperty("salesChannel").GetString());
        Assert.Equal("ch_1", events[1].GetProperty("payload").GetProperty("payment").GetProperty("reference").GetString());

        var problem = await ExpectProblemAsync(await _client.PostAsJsonAsync("/orders", new
        {
            orderId = "channel-2", customerId = "c-1", salesChannel = "carrier-pigeon", lines = Array.Empty<object>(),
        }), HttpStatusCode.BadRequest, "validation");
        Assert.Contains("salesChannel must be one of web, mobile, store, marketplace, phone", problem.GetProperty("detail").GetString());
        await ExpectProblemAsync(await _client.GetAsync("/orders/channel-2/events"), HttpStatusCode.NotFound, "not-found");
    }

    [SkippableFact]
    public async Task Reading_an_unknown_order_is_a_404_problem()
    {
        await ExpectProblemAsync(await _client.GetAsync("/orders/never-created"), HttpStatusCode.NotFound, "not-found");
    }

    [SkippableFact]
    public async Task Health_and_openapi_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        await Eventually.Holds(async () => { var r = await _client.GetAsync("/health/ready"); Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync()); });
        var openApi = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/orders/{orderId}/pay", out _));
    }

    [SkippableFact]
    public async Task Every_operation_in_the_openapi_document_declares_its_success_body_and_its_problems()
    {
        var openApi = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = (from path in openApi.GetProperty("paths").EnumerateObject()
                          from operation in path.Value.EnumerateObject()
                          select (Name: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value)).ToList();
        Assert.True(operations.Count >= 16, $"only {operations.Count} operations in the document");

        var missing = new List<string>();
        foreach (var (name, operation) in operations)
        {
            var responses = operation.TryGetProperty("responses", out var declared)
                ? declared.EnumerateObject().ToDictionary(response => response.Name, response => response.Value)
                : [];
            var successes = responses.Where(response => response.Key.StartsWith('2')).ToList();
            if (successes.Count == 0 || successes.Any(success => !HasSchema(success.Value, "application/json")))
            {
                missing.Add($"{name}: no success body with a schema");
            }

            var problems = responses.Where(response => response.Key[0] is '4' or '5').ToList();
            if (problems.Count == 0 || problems.Any(problem => !HasSchema(problem.Value, "application/problem+json")))
            {
                missing.Add($"{name}: its problems are not declared as problem details");
            }

            if (operation.TryGetProperty("security", out _) && !(responses.ContainsKey("401") && responses.ContainsKey("403")))
            {
                missing.Add($"{name}: needs a token but declares no 401 and 403");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        // Spot checks of what the declarations say.
        var create = openApi.GetProperty("paths").GetProperty("/orders").GetProperty("post").GetProperty("responses");
        Assert.True(create.TryGetProperty("201", out _));
        Assert.True(create.TryGetProperty("409", out _));

        static bool HasSchema(JsonElement response, string mediaType) =>
            response.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out var media)
            && media.TryGetProperty("schema", out _);
    }

    internal async Task<string> CreateAsync(string orderId)
    {
        var response = await _client.PostAsJsonAsync("/orders", new
        {
            orderId,
            customerId = "customer-1",
            lines = new[] { new { sku = "A", quantity = 2, unitPrice = 10m } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return orderId;
    }

    private async Task<int> CountEventsAsync() => (await _factory.Journal.AllOrderEventsAsync(_factory.Slices)).Count;

    private Task<HttpResponseMessage> SendWithKeyAsync(string path, object body, string key) =>
        SendWithHeaderAsync(path, body, "Idempotency-Key", key);

    private Task<HttpResponseMessage> SendWithHeaderAsync(string path, object body, string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(header, value);
        return _client.SendAsync(request);
    }

    private static async Task ExpectVersionAsync(HttpResponseMessage response, long version)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(version, body.GetProperty("version").GetInt64());
    }

    /// <summary>The read model follows the journal asynchronously; a status shows up within a second or so.</summary>
    private async Task<JsonElement> ExpectStatusAsync(string orderId, string status, long version)
    {
        JsonElement order = default;
        await Eventually.Holds(async () =>
        {
            var response = await _client.GetAsync($"/orders/{orderId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            order = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((status, version), (order.GetProperty("status").GetString(), order.GetProperty("version").GetInt64()));
        }, TimeSpan.FromSeconds(5));
        return order;
    }

    internal static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }
}

public sealed class OrderApiTestsOnSqlite(GatewayFixture<OnSqlite> fixture)
    : OrderApiTests(fixture), IClassFixture<GatewayFixture<OnSqlite>>;

public sealed class OrderApiTestsOnPostgreSql(GatewayFixture<OnPostgreSql> fixture)
    : OrderApiTests(fixture), IClassFixture<GatewayFixture<OnPostgreSql>>;
