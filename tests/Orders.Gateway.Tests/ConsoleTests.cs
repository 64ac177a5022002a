using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Configuration;
using Orders.Contracts.Tagging;
using Orders.Gateway.OperatorConsole;
using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The operator console over HTTP: who may see it, what its pages hold, how they page and refuse bad input, and that
/// what users stored is shown as text. <see cref="ConsoleBrowserTests"/> drives the same pages in a real browser.
/// </summary>
public abstract partial class ConsoleTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public async Task The_console_answers_401_and_403_exactly_as_the_API_does()
    {
        var (factory, _) = Start();
        var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var reader = factory.CreateClient().Authorized(Tokens.Mint([OrdersScopes.Read, OrdersScopes.Write]));

        foreach (var (client, expected) in new[] { (anonymous, HttpStatusCode.Unauthorized), (reader, HttpStatusCode.Forbidden) })
        {
            using var api = await client.GetAsync("/projections");
            Assert.Equal(expected, api.StatusCode);
            foreach (var page in new[] { "orders", "orders?customer=c-1", "orders/o-1", "projections", "cluster", "no-such-page", "orders/o-1/more" })
            {
                using var console = await client.GetAsync($"/console/fragments/{page}");
                Assert.Equal(api.StatusCode, console.StatusCode);
                Assert.Equal(api.Content.Headers.ContentType?.MediaType, console.Content.Headers.ContentType?.MediaType);
                Assert.Equal(api.Headers.WwwAuthenticate.ToString(), console.Headers.WwwAuthenticate.ToString());
                Assert.DoesNotContain("<table", await console.Content.ReadAsStringAsync());
            }
        }
    }

    [SkippableFact]
    public async Task An_unknown_page_is_a_404_to_an_operator_and_never_the_shell()
    {
        var (_, client) = Start();
        foreach (var page in new[] { "no-such-page", "orders/o-1/more", "fragments/orders", "" })
        {
            using var response = await client.GetAsync($"/console/fragments/{page}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [SkippableFact]
    public async Task The_shell_holds_no_data_and_no_inline_script_and_every_console_answer_carries_the_policy()
    {
        var (factory, client) = Start();
        var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        foreach (var path in new[] { "/console", "/console/orders/o-1", "/console/projections" })
        {
            using var shell = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
            AssertPolicy(shell);
            var html = await shell.Content.ReadAsStringAsync();
            Assert.Matches("<script src=\"/console/assets/console.js\"", html);
            AssertNoInlineScriptOrStyle(html);
        }

        using (var script = await anonymous.GetAsync("/console/assets/console.js"))
        {
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            var text = await script.Content.ReadAsStringAsync();
            Assert.Contains("sessionStorage", text);
            Assert.DoesNotContain("document.cookie", text);
        }

        using (var refused = await anonymous.GetAsync("/console/fragments/projections"))
        {
            AssertPolicy(refused);
        }

        using var page = await client.GetAsync("/console/fragments/projections");
        AssertPolicy(page);
        AssertNoInlineScriptOrStyle(await page.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public void No_console_route_writes_and_every_page_is_read_with_GET()
    {
        var (factory, _) = Start();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith(ConsoleEndpoints.Path, StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(routes.Count >= 8, $"{routes.Count} console routes");
        Assert.All(routes, route => Assert.Equal(["GET"], route.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
    }

    [SkippableFact]
    public async Task A_customer_s_orders_are_listed_newest_first_a_page_at_a_time()
    {
        var (factory, client) = Start();
        var created = new List<string>();
        for (var i = 0; i < ConsoleEndpoints.CustomerPageSize + 5; i++)
        {
            created.Add($"page-{i:D2}");
            await client.CreateOrderAsync(created[^1], "pager", "SKU-1");
        }

        await client.CreateOrderAsync("other-customer", "someone-else", "SKU-1");
        // Every order has reached order_summary, which the listing reads.
        await Eventually.Holds(async () => Assert.Equal(created.Count,
            (await client.GetFromJsonAsync<JsonElement>("/orders?customerId=pager&limit=100")).GetProperty("items").GetArrayLength()));

        var first = await PageAsync(client, "/console/fragments/orders?customer=pager");
        Assert.Equal(Enumerable.Reverse(created).Take(ConsoleEndpoints.CustomerPageSize), first.Orders);
        Assert.NotNull(first.Older);
        var second = await PageAsync(client, first.Older!.Replace("/console/", "/console/fragments/", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Reverse(created).Skip(ConsoleEndpoints.CustomerPageSize), second.Orders);
        Assert.Null(second.Older);
        Assert.DoesNotContain("other-customer", first.Orders.Concat(second.Orders));

        // A page after an order that is not the customer's is refused, not silently empty.
        using var foreign = await client.GetAsync("/console/fragments/orders?customer=pager&before=other-customer");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("before must be an order of customer", await foreign.Content.ReadAsStringAsync());

        var found = await client.GetStringAsync("/console/fragments/orders?id=page-03");
        Assert.Contains("/console/orders/page-03", found);
        Assert.Contains("pending", found);
        using var missing = await client.GetAsync("/console/fragments/orders?id=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No order", await missing.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task An_order_page_shows_its_stream_its_past_state_and_its_read_row_against_the_journal()
    {
        var (_, client) = Start();
        await client.CreateOrderAsync("life-1", "c-life", "SKU-1");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/orders/life-1/lines", new { sku = "SKU-2", quantity = 1, unitPrice = 4m })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/orders/life-1/pay", new { paymentMethod = "card", amount = 10m })).StatusCode);

        var now = await Eventually.ReturnsAsync<string>(async () =>
        {
            var html = await client.GetStringAsync("/console/fragments/orders/life-1");
            return html.Contains("up to date", StringComparison.Ordinal) ? html : null;
        });
        Assert.Equal(["OrderCreated", "OrderLineAdded", "OrderPaid"], Cells(now, "events", 2));
        Assert.Equal(["order-created.v2", "order-line-added.v1", "order-paid.v2"], Codes(now));
        Assert.Equal("Paid", Text(now, "state-status"));

        // The same history code as GET /orders/{id}/state: version 1 is the order as created.
        var first = await client.GetStringAsync("/console/fragments/orders/life-1?version=1");
        var api = await client.GetFromJsonAsync<JsonElement>("/orders/life-1/state?version=1");
        Assert.Equal(("Pending", "1"), (Text(first, "state-status"), Text(first, "state-version")));
        Assert.Equal("pending", api.GetProperty("status").GetString());
        Assert.Contains("value=\"1\"", first);

        var created = DateTimeOffset.Parse(api.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var atCreation = await client.GetStringAsync($"/console/fragments/orders/life-1?at={Uri.EscapeDataString(created.ToString("O"))}");
        Assert.Equal("1", Text(atCreation, "state-version"));
        Assert.Contains("<output for=\"version\" id=\"version-shown\">1</output>", atCreation);
        var before = await client.GetStringAsync($"/console/fragments/orders/life-1?at={Uri.EscapeDataString(created.AddMinutes(-1).ToString("O"))}");
        Assert.Contains("did not exist yet", Text(before, "state-missing"));
    }

    [SkippableFact]
    public async Task A_poison_event_shows_as_its_slice_s_last_error_linked_to_the_order_page_that_shows_it()
    {
        var (factory, client) = Start();
        var poison = Enumerable.Range(0, 100).Select(i => $"poison-{i}").First(id => OrderTags.SliceOf(id, factory.Slices) == 1);
        // A first command makes the journal's tables (the journal creates them on first use), which the raw write needs.
        await client.CreateOrderAsync("before-poison", "c-1");
        await using (var held = await new RawJournalWriter(factory.Database, factory.Slices).BeginAsync(poison, 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await held.CommitAsync();
        }

        var projections = await Eventually.ReturnsAsync<string>(async () =>
        {
            var html = await client.GetStringAsync("/console/fragments/projections");
            return Regex.Matches(html, "<td class=\"state failed\">failed</td>").Count == 3 ? html : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(3, Regex.Matches(projections, $"<a class=\"failed-event\" href=\"/console/orders/{poison}\"><code>order-{poison}#1</code></a>").Count);
        Assert.Contains("order-teleported.v1", projections);

        using var order = await client.GetAsync($"/console/fragments/orders/{poison}");
        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        var page = await order.Content.ReadAsStringAsync();
        Assert.Equal(["(unreadable)"], Cells(page, "events", 2));
        Assert.Equal(["order-teleported.v1"], Codes(page));
        Assert.Contains("order-teleported.v1", Regex.Match(page, "<span class=\"problem unreadable\">([^<]*)</span>").Groups[1].Value);
        Assert.Contains("event 1 cannot be read", Text(page, "state-missing"));
    }

    [SkippableFact]
    public async Task The_projections_page_draws_each_projection_s_lag_from_the_gateway_s_samples()
    {
        var (_, client) = Start();
        await client.CreateOrderAsync("chart-1", "c-chart");

        // A sample every 5 s (the first when the workers have registered): wait for two, so that each line has a segment.
        var html = await Eventually.ReturnsAsync<string>(async () =>
        {
            var page = await client.GetStringAsync("/console/fragments/projections");
            return Regex.Matches(page, "<polyline class=\"series series-[0-2]\" points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+").Count == 3 ? page : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Contains("<span class=\"legend series-0\">order_summary</span>", html);
        Assert.Matches("class=\"label\">[0-9.]+ events</text>", html);
    }

    [SkippableFact]
    public async Task Bad_input_gets_a_clear_answer_and_changes_nothing()
    {
        var (factory, client) = Start();
        await client.CreateOrderAsync("bad-1", "c-bad", "SKU-1");
        var events = await factory.Journal.AllOrderEventsAsync(factory.Slices);

        foreach (var (path, status, says) in new[]
                 {
                     ("orders/bad-1?version=0", HttpStatusCode.BadRequest, "between 1 and 1"),
                     ("orders/bad-1?version=2", HttpStatusCode.BadRequest, "between 1 and 1"),
                     ("orders/bad-1?at=yesterday", HttpStatusCode.BadRequest, "ISO-8601"),
                     ("orders/nobody-here", HttpStatusCode.NotFound, "has no events"),
                     ("orders/%3Cscript%3E", HttpStatusCode.BadRequest, "Not a valid order id"),
                     ("orders?id=%3Cscript%3E", HttpStatusCode.BadRequest, "Not a valid order id"),
                     ("orders?customer=pager&before=%27%20OR%201%3D1", HttpStatusCode.BadRequest, "before must be"),
                     ("orders?customer=" + new string('c', 300), HttpStatusCode.BadRequest, "customerId"),
                 })
        {
            using var response = await client.GetAsync("/console/fragments/" + path);
            Assert.Equal(status, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(says, html);
            Assert.DoesNotContain("<script>", html);
        }

        using var version = await client.GetAsync("/console/fragments/orders/bad-1?version=x");
        Assert.Equal(HttpStatusCode.BadRequest, version.StatusCode);
        Assert.Equal(events.Count, (await factory.Journal.AllOrderEventsAsync(factory.Slices)).Count);
    }

    [SkippableFact]
    public async Task Hostile_strings_stored_in_orders_render_as_text()
    {
        var (_, client) = Start();
        var stored = new List<string>();
        var index = 0;
        foreach (var hostile in ApiAbuseTests.HostileStrings)
        {
            var response = await client.PostAsJsonAsync("/orders", new
            {
                orderId = $"hostile-{index}",
                customerId = hostile,
                lines = new[] { new { sku = hostile, quantity = 1, unitPrice = 1m } },
            });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                stored.Add(hostile);
                var html = await client.GetStringAsync($"/console/fragments/orders/hostile-{index}");
                AssertShownAsText(html, hostile);
                var listing = await Eventually.ReturnsAsync<string>(async () =>
                {
                    var page = await client.GetStringAsync($"/console/fragments/orders?customer={Uri.EscapeDataString(hostile)}");
                    return page.Contains($"hostile-{index}", StringComparison.Ordinal) ? page : null;
                });
                AssertShownAsText(listing, hostile);
            }

            index++;
        }

        Assert.Contains("<script>alert(1)</script>", stored);
        Assert.True(stored.Count >= 8, $"only {stored.Count} hostile strings were accepted as ids");
    }

    private static void AssertShownAsText(string html, string hostile)
    {
        foreach (Match tag in Regex.Matches(html, "<([a-zA-Z][a-zA-Z0-9]*)"))
        {
            Assert.True(AllowedTags.Contains(tag.Groups[1].Value.ToLowerInvariant()), $"<{tag.Groups[1].Value}> in {html}");
        }

        // No markup came from the string (only the page's own tags are there), and its text is all there, decoded.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(hostile, System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]*>", "")), StringComparison.Ordinal);

        AssertNoInlineScriptOrStyle(html);
    }

    private static readonly string[] AllowedTags =
    [
        "section", "h1", "h2", "div", "form", "label", "input", "button", "output", "p", "span", "strong", "a", "dl", "dt", "dd",
        "details", "summary", "pre", "table", "thead", "tbody", "tr", "th", "td", "code",
    ];

    private static void AssertNoInlineScriptOrStyle(string html)
    {
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
        Assert.DoesNotMatch(@"<[^>]*\s(on[a-z]+|style)\s*=", html);
    }

    private static void AssertPolicy(HttpResponseMessage response)
    {
        Assert.Equal(ConsoleEndpoints.ContentSecurityPolicy, string.Join("", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
    }

    private static async Task<(List<string> Orders, string? Older)> PageAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var orders = Regex.Matches(html, "<a href=\"/console/orders/([^\"]+)\"").Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();
        var older = Regex.Match(html, "<a id=\"older\" href=\"([^\"]+)\"");
        return (orders, older.Success ? System.Net.WebUtility.HtmlDecode(older.Groups[1].Value) : null);
    }

    /// <summary>The text of the element with this id.</summary>
    private static string Text(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"no element '{id}' in {html}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Column <paramref name="column"/> (0-based) of each body row of table <paramref name="table"/>.</summary>
    private static List<string> Cells(string html, string table, int column)
    {
        var body = Regex.Match(html, $"<table id=\"{table}\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(body, "<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)[column].Groups[1].Value.Trim())
            .ToList();
    }

    private static List<string> Codes(string html) =>
        Cells(html, "events", 3).Select(cell => Regex.Match(cell, "<code>([^<]*)</code>").Groups[1].Value).ToList();

    private (GatewayFactory Factory, HttpClient Client) Start()
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database));
        return (factory, factory.CreateClient());
    }

}

public sealed class ConsoleTestsOnSqlite() : ConsoleTests(DatabaseProvider.Sqlite);

public sealed class ConsoleTestsOnPostgreSql() : ConsoleTests(DatabaseProvider.PostgreSql);

public sealed class ConsoleJsonTests
{
    [Theory]
    [InlineData("🧨💥")]
    [InlineData("\\uD83E\\uDDE8 as typed")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("'\" \u202Eevil\u202C Ǆ̶̡͠ \\")]
    public void Payloads_show_every_character_as_it_is_stored(string text)
    {
        var json = ConsoleEndpoints.Json(new Dictionary<string, string> { ["text"] = text });

        Assert.Equal(text, JsonDocument.Parse(json).RootElement.GetProperty("text").GetString());
        Assert.Contains(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal), json);
    }
}
