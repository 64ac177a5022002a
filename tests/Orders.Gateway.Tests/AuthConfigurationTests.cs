using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Configuration;
using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// How authentication is set up: development mode only in the Development environment (and loudly), a real issuer
/// required everywhere else, and <c>/metrics</c> restricted on request. These are about configuration, not storage,
/// so they run on the embedded database only.
/// </summary>
public sealed class AuthConfigurationTests : TestWithResources
{
    private static readonly Dictionary<string, string?> DevelopmentMode = new()
    {
        ["Orders:Gateway:Auth:Mode"] = "Development",
        ["Orders:Gateway:Auth:Issuer"] = "",
        ["Orders:Gateway:Auth:Audience"] = "",
        ["Orders:Gateway:Auth:SigningKey"] = "",
    };

    private GatewayFactory Gateway(IDictionary<string, string?> overrides, string environment = "Testing") =>
        Track(new GatewayFactory(Track(TestDatabases.Create(DatabaseProvider.Sqlite)), overrides, environment));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Development_mode_is_refused_at_start_outside_the_development_environment(string environment)
    {
        var error = Assert.ThrowsAny<Exception>(() => Gateway(DevelopmentMode, environment).CreateClient());
        Assert.Contains($"refused in the '{environment}' environment", Flatten(error));
    }

    [Theory]
    [InlineData("Audience", "", "Audience is required")]
    [InlineData("SigningKey", "", "needs Authority (an OpenID Connect issuer) or SigningKey")]
    [InlineData("SigningKey", "too-short", "at least 32 bytes")]
    [InlineData("Issuer", "", "Issuer is required with SigningKey")]
    [InlineData("Authority", "http://insecure.example.com", "absolute https URL")]
    public void A_token_issuer_that_cannot_work_is_refused_at_start(string key, string value, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => Gateway(new Dictionary<string, string?> { [$"Orders:Gateway:Auth:{key}"] = value }).CreateClient());
        Assert.Contains(message, Flatten(error));
    }

    [Fact]
    public async Task In_development_mode_the_gateway_mints_tokens_that_it_accepts_and_says_so_at_start()
    {
        var gateway = Gateway(DevelopmentMode, "Development");
        var anonymous = gateway.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        var warning = Assert.Single(gateway.Logs.Entries, e => e.Message.Contains("DEVELOPMENT AUTHENTICATION"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("POST /dev/token", warning.Message);

        var minted = await anonymous.PostAsJsonAsync("/dev/token", new { scopes = new[] { "orders:write", "orders:read" }, customerId = "dev-customer" });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var body = await minted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId = "dev-1", lines = new[] { new { sku = "A", quantity = 1, unitPrice = 1m } },
        })).StatusCode);
        await Eventually.Holds(async () => Assert.Equal("dev-customer",
            (await client.GetFromJsonAsync<JsonElement>("/orders/dev-1")).GetProperty("customerId").GetString()), TimeSpan.FromSeconds(20));
        // The token carries what was asked for, nothing more.
        await OrderApiTests.ExpectProblemAsync(await client.GetAsync("/projections"), HttpStatusCode.Forbidden, "forbidden");

        // A token from the tests' issuer is not one of the development key's.
        var foreign = gateway.CreateClient().Authorized(Tokens.Operator);
        await OrderApiTests.ExpectProblemAsync(await foreign.GetAsync("/orders"), HttpStatusCode.Unauthorized, "unauthenticated");

        await OrderApiTests.ExpectProblemAsync(
            await anonymous.PostAsJsonAsync("/dev/token", new { scopes = new[] { "orders:everything" } }), HttpStatusCode.BadRequest, "validation");
        await OrderApiTests.ExpectProblemAsync(
            await anonymous.PostAsJsonAsync("/dev/token", new { lifetimeMinutes = 1e300 }), HttpStatusCode.BadRequest, "validation");
        await OrderApiTests.ExpectProblemAsync(
            await anonymous.PostAsJsonAsync("/dev/token", new { customerId = new string('c', 65) }), HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task In_development_mode_an_api_reference_explains_the_token_flow_and_elsewhere_there_is_none()
    {
        var development = Gateway(DevelopmentMode, "Development").CreateClient();
        development.DefaultRequestHeaders.Authorization = null;
        var page = await development.GetAsync(Api.ApiReference.Path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("openapi", StringComparison.OrdinalIgnoreCase), html);
        var document = await development.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var introduction = document.GetProperty("info").GetProperty("description").GetString();
        Assert.Contains("POST /dev/token", introduction);
        Assert.Contains("Bearer", introduction);

        // Anywhere else the page does not exist: an authenticated caller sees 404.
        var testing = Gateway(new Dictionary<string, string?>()).CreateClient().Authorized(Tokens.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await testing.GetAsync(Api.ApiReference.Path)).StatusCode);
        Assert.False((await testing.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("info").TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Metrics_can_be_restricted_to_the_admin_scope()
    {
        var gateway = Gateway(new Dictionary<string, string?> { ["Orders:Gateway:Auth:MetricsRequireAdmin"] = "true" });
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        await OrderApiTests.ExpectProblemAsync(await client.GetAsync("/metrics"), HttpStatusCode.Unauthorized, "unauthenticated");
        client.Authorized(Tokens.Mint([OrdersScopes.Read]));
        await OrderApiTests.ExpectProblemAsync(await client.GetAsync("/metrics"), HttpStatusCode.Forbidden, "forbidden");
        client.Authorized(Tokens.Mint([OrdersScopes.Admin]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten)) : error.ToString();
}
