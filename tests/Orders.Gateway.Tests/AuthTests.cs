using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Gateway.Security;
using Orders.Testing;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary>
/// Who may do what: a bearer token from the configured issuer, the scope each endpoint's policy names, and
/// customer-scoped tokens that see only their customer's orders. Refusals are problem details and store nothing.
/// </summary>
public abstract class AuthTests
{
    private readonly IGatewayFixture _fixture;

    protected AuthTests(IGatewayFixture fixture)
    {
        fixture.ThrowIfUnavailable();
        _fixture = fixture;
    }

    private HttpClient As(string? token)
    {
        var client = _fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new("Bearer", token);
        return client;
    }

    private static object NewOrder(string orderId, string? customerId) => new
    {
        orderId, customerId, lines = new[] { new { sku = "AUTH-1", quantity = 2, unitPrice = 5m } },
    };

    [SkippableFact]
    public async Task Without_a_valid_token_every_api_endpoint_answers_401_and_nothing_is_stored()
    {
        var before = await _fixture.CountEventsAsync();
        var anonymous = As(null);
        foreach (var response in new[]
                 {
                     await anonymous.PostAsJsonAsync("/orders", NewOrder("auth-anon", "c")),
                     await anonymous.GetAsync("/orders"),
                     await anonymous.GetAsync("/orders/auth-anon/events"),
                     await anonymous.GetAsync("/customers/c"),
                     await anonymous.GetAsync("/projections"),
                     await anonymous.PostAsync("/projections/order_summary/rebuild", null),
                     await anonymous.GetAsync("/no-such-route"),
                 })
        {
            var problem = await OrderApiTests.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("bearer token", problem.GetProperty("detail").GetString());
        }

        var expired = Tokens.Mint(OrdersScopes.All, now: DateTime.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1));
        var problemOfExpired = await OrderApiTests.ExpectProblemAsync(
            await As(expired).GetAsync("/orders"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("expired", problemOfExpired.GetProperty("detail").GetString());

        var otherKey = TokenMinter.ForSharedKey(TestAuth.Issuer, TestAuth.Audience, TokenMinter.RandomKey()).Mint("x", OrdersScopes.All, TimeSpan.FromHours(1));
        var otherAudience = TokenMinter.ForSharedKey(TestAuth.Issuer, "someone-else", TestAuth.SigningKey).Mint("x", OrdersScopes.All, TimeSpan.FromHours(1));
        var otherIssuer = TokenMinter.ForSharedKey("evil", TestAuth.Audience, TestAuth.SigningKey).Mint("x", OrdersScopes.All, TimeSpan.FromHours(1));
        foreach (var token in new[] { otherKey, otherAudience, otherIssuer, "not-a-jwt", Tokens.Operator[..^4] + "AAAA" })
        {
            var response = await As(token).PostAsJsonAsync("/orders", NewOrder("auth-forged", "c"));
            await OrderApiTests.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        }

        Assert.Equal(before, await _fixture.CountEventsAsync());
    }

    [SkippableFact]
    public async Task Each_endpoint_needs_its_scope_and_a_missing_scope_answers_403_naming_it()
    {
        var reader = As(Tokens.Mint([OrdersScopes.Read]));
        var writer = As(Tokens.Mint([OrdersScopes.Write]));
        var admin = As(Tokens.Mint([OrdersScopes.Admin]));
        var before = await _fixture.CountEventsAsync();

        var refused = await OrderApiTests.ExpectProblemAsync(
            await reader.PostAsJsonAsync("/orders", NewOrder("auth-scope-1", "c")), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("'orders:write'", refused.GetProperty("detail").GetString());
        Assert.Equal(before, await _fixture.CountEventsAsync());

        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync("/orders", NewOrder("auth-scope-1", "c"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsJsonAsync("/orders/auth-scope-1/cancel", new { reason = "test" })).StatusCode);
        foreach (var path in new[] { "/orders/auth-scope-1", "/orders", "/orders/auth-scope-1/events", "/orders/auth-scope-1/state", "/customers/c" })
        {
            var problem = await OrderApiTests.ExpectProblemAsync(await writer.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
            Assert.Contains("'orders:read'", problem.GetProperty("detail").GetString());
            // (the read tables follow the journal: the customer's row may take a moment)
            await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode), TimeSpan.FromSeconds(10));
        }

        foreach (var client in new[] { reader, writer })
        {
            var problem = await OrderApiTests.ExpectProblemAsync(await client.GetAsync("/projections"), HttpStatusCode.Forbidden, "forbidden");
            Assert.Contains("'orders:admin'", problem.GetProperty("detail").GetString());
            await OrderApiTests.ExpectProblemAsync(await client.PostAsync("/projections/order_summary/pause", null), HttpStatusCode.Forbidden, "forbidden");
            await OrderApiTests.ExpectProblemAsync(await client.PostAsync("/projections/order_summary/rebuild", null), HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/projections")).StatusCode);
        await OrderApiTests.ExpectProblemAsync(await admin.PostAsJsonAsync("/orders", NewOrder("auth-scope-2", "c")), HttpStatusCode.Forbidden, "forbidden");
        await OrderApiTests.ExpectProblemAsync(await admin.GetAsync("/orders/auth-scope-1"), HttpStatusCode.Forbidden, "forbidden");

        // A token whose scopes come as the Entra-style "scp" array works the same way.
        Assert.Equal(HttpStatusCode.OK, (await As(ScpToken([OrdersScopes.Read])).GetAsync("/orders/auth-scope-1")).StatusCode);
    }

    [SkippableFact]
    public async Task Health_and_metrics_need_no_token()
    {
        var anonymous = As(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        await Eventually.Holds(async () => { var r = await anonymous.GetAsync("/health/ready"); Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync()); }, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
        // The OpenAPI document describes the bearer scheme and each operation's scope.
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.Equal("bearer", openApi.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        string[] ScopesOf(string path, string method) => openApi.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.GetProperty("Bearer").EnumerateArray())
            .Select(scope => scope.GetString()!).ToArray();
        Assert.Equal([OrdersScopes.Write], ScopesOf("/orders", "post"));
        Assert.Equal([OrdersScopes.Read], ScopesOf("/orders/{orderId}", "get"));
        Assert.Equal([OrdersScopes.Admin], ScopesOf("/projections", "get"));
        // Development mode is off, so its token endpoint does not exist (an authenticated caller sees 404).
        Assert.Equal(HttpStatusCode.NotFound, (await As(Tokens.Operator).PostAsJsonAsync("/dev/token", new { })).StatusCode);
    }

    [SkippableFact]
    public async Task A_customer_scoped_token_sees_and_changes_only_its_own_customers_orders()
    {
        var alice = As(Tokens.Mint([OrdersScopes.Read, OrdersScopes.Write], customerId: "alice"));
        var staff = As(Tokens.Operator);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/orders", NewOrder("auth-bob-1", "bob"))).StatusCode);

        // Alice creates for herself: named, or implied by her token.
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/orders", NewOrder("auth-alice-1", "alice"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/orders", NewOrder("auth-alice-2", null))).StatusCode);
        var before = await _fixture.CountEventsAsync();
        await OrderApiTests.ExpectProblemAsync(
            await alice.PostAsJsonAsync("/orders", NewOrder("auth-alice-3", "bob")), HttpStatusCode.Forbidden, "forbidden");

        // Bob's order is, to Alice, an order that does not exist: reads, history and commands alike.
        var missing = await OrderApiTests.ExpectProblemAsync(await alice.GetAsync("/orders/auth-nobody"), HttpStatusCode.NotFound, "not-found");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/orders/auth-bob-1")).StatusCode), TimeSpan.FromSeconds(10));
        var hidden = await OrderApiTests.ExpectProblemAsync(await alice.GetAsync("/orders/auth-bob-1"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(missing.GetProperty("detail").GetString()!.Replace("auth-nobody", "auth-bob-1"), hidden.GetProperty("detail").GetString());
        await OrderApiTests.ExpectProblemAsync(await alice.GetAsync("/orders/auth-bob-1?minVersion=1"), HttpStatusCode.NotFound, "not-found");
        // History comes from the journal: the same answers, word for word, for any page of it.
        foreach (var path in new[] { "events", "events?from=3", "state?version=1", "state?at=2020-01-01T00:00:00Z", "state" })
        {
            var nobody = await OrderApiTests.ExpectProblemAsync(await alice.GetAsync($"/orders/auth-nobody/{path}"), HttpStatusCode.NotFound, "not-found");
            var bobs = await OrderApiTests.ExpectProblemAsync(await alice.GetAsync($"/orders/auth-bob-1/{path}"), HttpStatusCode.NotFound, "not-found");
            Assert.Equal(nobody.GetProperty("detail").GetString()!.Replace("auth-nobody", "auth-bob-1"), bobs.GetProperty("detail").GetString());
        }

        await OrderApiTests.ExpectProblemAsync(await alice.PostAsJsonAsync("/orders/auth-bob-1/cancel", new { reason = "mine now" }), HttpStatusCode.NotFound, "not-found");
        await OrderApiTests.ExpectProblemAsync(await alice.PostAsJsonAsync("/orders/auth-bob-1/lines", new { sku = "X", quantity = 1, unitPrice = 1m }), HttpStatusCode.NotFound, "not-found");
        await OrderApiTests.ExpectProblemAsync(await alice.DeleteAsync("/orders/auth-bob-1/lines/AUTH-1"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, await _fixture.CountEventsAsync());

        // Her own orders she reads and changes.
        await Eventually.Holds(async () => Assert.Equal("alice",
            (await alice.GetFromJsonAsync<JsonElement>("/orders/auth-alice-2")).GetProperty("customerId").GetString()), TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/orders/auth-alice-1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync("/orders/auth-alice-1/pay", new { paymentMethod = "card", amount = 10m })).StatusCode);

        // Lists are her own: with no customer named, and refused for another.
        var page = await alice.GetFromJsonAsync<JsonElement>("/orders?limit=500");
        var customers = page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("customerId").GetString()).Distinct().ToList();
        Assert.Equal(["alice"], customers);
        await OrderApiTests.ExpectProblemAsync(await alice.GetAsync("/orders?customerId=bob"), HttpStatusCode.Forbidden, "forbidden");
        await OrderApiTests.ExpectProblemAsync(await alice.GetAsync("/customers/bob"), HttpStatusCode.Forbidden, "forbidden");
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/customers/alice")).StatusCode), TimeSpan.FromSeconds(10));

        // Bob's order is untouched.
        var bob = await staff.GetFromJsonAsync<JsonElement>("/orders/auth-bob-1");
        Assert.Equal("pending", bob.GetProperty("status").GetString());
        Assert.Equal(1, bob.GetProperty("version").GetInt64());
    }

    private static string ScpToken(IEnumerable<string> scopes)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        return handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TestAuth.Issuer,
            Audience = TestAuth.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "entra-style", ["scp"] = scopes.ToArray() },
            SigningCredentials = new(Tokens.Minter.Key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }
}

public sealed class AuthTestsOnSqlite(GatewayFixture<OnSqlite> fixture)
    : AuthTests(fixture), IClassFixture<GatewayFixture<OnSqlite>>;

public sealed class AuthTestsOnPostgreSql(GatewayFixture<OnPostgreSql> fixture)
    : AuthTests(fixture), IClassFixture<GatewayFixture<OnPostgreSql>>;
