using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary>Every kind of bad request answers the right status with problem details, and the journal is unchanged.</summary>
public abstract class BadInputTests
{
    public const string Pending = "bad-input-pending";
    private readonly IGatewayFixture _fixture;

    protected BadInputTests(IGatewayFixture fixture)
    {
        fixture.ThrowIfUnavailable();
        _fixture = fixture;
    }

    public static TheoryData<string, string, string, string?, string?, int, string?> Cases() => new()
    {
        // name, method, path, content type, body, expected status, expected code
        { "malformed JSON", "POST", "/orders", "application/json", """{"customerId":"c","lines":[""", 400, "validation" },
        { "no body", "POST", "/orders", "application/json", null, 400, "validation" },
        { "not JSON", "POST", "/orders", "text/plain", "hello", 415, null },
        { "quantity zero", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":0,"unitPrice":1}]}""", 400, "validation" },
        { "quantity too large", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":10001,"unitPrice":1}]}""", 400, "validation" },
        { "fractional quantity", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":1.5,"unitPrice":1}]}""", 400, "validation" },
        { "huge quantity", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":1e40,"unitPrice":1}]}""", 400, "validation" },
        { "three decimals", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPrice":1.001}]}""", 400, "validation" },
        { "negative price", "POST", "/orders", "application/json", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPrice":-1}]}""", 400, "validation" },
        { "missing customer", "POST", "/orders", "application/json", """{"lines":[]}""", 400, "validation" },
        { "empty order id", "POST", "/orders", "application/json", """{"orderId":"","customerId":"c","lines":[]}""", 400, "validation" },
        { "hostile order id", "POST", "/orders", "application/json", """{"orderId":"x'; DROP TABLE journal;--","customerId":"c","lines":[]}""", 400, "validation" },
        { "lowercase currency", "POST", "/orders", "application/json", """{"customerId":"c","currency":"usd","lines":[]}""", 400, "validation" },
        { "null line", "POST", "/orders", "application/json", """{"customerId":"c","lines":[null]}""", 400, "validation" },
        { "existing order", "POST", "/orders", "application/json", $$"""{"orderId":"{{Pending}}","customerId":"c","lines":[]}""", 409, "already-exists" },
        { "pay unknown order", "POST", "/orders/nobody/pay", "application/json", """{"paymentMethod":"card","amount":1}""", 404, "not-found" },
        { "pay wrong amount", "POST", $"/orders/{Pending}/pay", "application/json", """{"paymentMethod":"card","amount":1}""", 409, "amount-mismatch" },
        { "pay without method", "POST", $"/orders/{Pending}/pay", "application/json", """{"amount":20}""", 400, "validation" },
        { "ship a pending order", "POST", $"/orders/{Pending}/ship", "application/json", """{"carrier":"ups","trackingNumber":"1Z"}""", 409, "invalid-transition" },
        { "deliver a pending order", "POST", $"/orders/{Pending}/deliver", null, null, 409, "invalid-transition" },
        { "add an existing sku", "POST", $"/orders/{Pending}/lines", "application/json", """{"sku":"A","quantity":1,"unitPrice":1}""", 409, "rule-violation" },
        { "remove a missing line", "DELETE", $"/orders/{Pending}/lines/NOPE", null, null, 404, "not-found" },
        { "cancel without reason", "POST", $"/orders/{Pending}/cancel", "application/json", "{}", 400, "validation" },
        { "invalid order id in path", "POST", "/orders/has%20space/deliver", null, null, 400, "validation" },
        { "read an invalid order id", "GET", "/orders/has%20space", null, null, 400, "validation" },
        { "body over the limit", "POST", "/orders", "application/json", $$"""{"customerId":"{{new string('x', 70_000)}}","lines":[]}""", 413, "too-large" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_answers_problem_details_and_changes_nothing(
        string name, string method, string path, string? contentType, string? body, int status, string? code)
    {
        var before = await _fixture.CountEventsAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new StringContent(body ?? "", Encoding.UTF8, contentType);
        }

        var response = await _fixture.Client.SendAsync(request);

        await OrderApiTests.ExpectProblemAsync(response, (HttpStatusCode)status, code);
        Assert.True(before == await _fixture.CountEventsAsync(), $"{name}: the journal changed");
    }

    [SkippableTheory]
    [InlineData("If-Match", "seven")]
    [InlineData("If-Match", "\"-1\"")]
    [InlineData("Idempotency-Key", " ")]
    public async Task Malformed_headers_are_400_and_change_nothing(string header, string value)
    {
        var before = await _fixture.CountEventsAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{Pending}/cancel") { Content = JsonContent.Create(new { reason = "x" }) };
        request.Headers.TryAddWithoutValidation(header, value);

        await OrderApiTests.ExpectProblemAsync(await _fixture.Client.SendAsync(request), HttpStatusCode.BadRequest, "validation");
        Assert.Equal(before, await _fixture.CountEventsAsync());
    }
}

/// <summary>A gateway with one pending order, <see cref="BadInputTests.Pending"/>, for the state-dependent cases.</summary>
public sealed class GatewayWithPendingOrder<TProvider> : GatewayFixture<TProvider>
    where TProvider : ITestProvider
{
    protected override async Task OnStartedAsync()
    {
        var created = await Client.PostAsJsonAsync("/orders", new
        {
            orderId = BadInputTests.Pending,
            customerId = "customer-1",
            lines = new[] { new { sku = "A", quantity = 2, unitPrice = 10m } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}

public sealed class BadInputTestsOnSqlite(GatewayWithPendingOrder<OnSqlite> fixture)
    : BadInputTests(fixture), IClassFixture<GatewayWithPendingOrder<OnSqlite>>;

public sealed class BadInputTestsOnPostgreSql(GatewayWithPendingOrder<OnPostgreSql> fixture)
    : BadInputTests(fixture), IClassFixture<GatewayWithPendingOrder<OnPostgreSql>>;
