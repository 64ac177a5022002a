using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Orders.Contracts.Configuration;
using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The operator console in a real browser (headless Chromium), against a gateway listening on loopback: signing in,
/// an order's stream and time travel, pausing and resuming a projection under load, a rebuild, hostile strings.
/// Each test saves a screenshot when it fails (<see cref="ConsoleBrowser.ScreenshotFolder"/>); the pages' screenshots
/// in docs/console/ come from these runs.
/// </summary>
public abstract class ConsoleBrowserTests(DatabaseProvider provider) : TestWithResources
{
    private static readonly Dictionary<string, string?> DevelopmentMode = new()
    {
        ["Orders:Gateway:Auth:Mode"] = "Development",
        ["Orders:Gateway:Auth:Issuer"] = "",
        ["Orders:Gateway:Auth:Audience"] = "",
        ["Orders:Gateway:Auth:SigningKey"] = "",
    };

    private string Name(string test) => $"{provider}-{test}";

    [SkippableFact]
    public async Task An_order_with_four_events_opens_and_moving_to_version_1_shows_it_pending()
    {
        var browser = Track(ConsoleBrowser.Start());
        var (address, client) = StartGateway(development: true);
        var token = (await (await client.PostAsJsonAsync("/dev/token", new { subject = "test-setup" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("accessToken").GetString()!;
        client.Authorized(token);
        await client.CreateOrderAsync("browse-1", "c-browse", "SKU-1");
        await client.PostOkAsync("/orders/browse-1/lines", new { sku = "SKU-2", quantity = 1, unitPrice = 4m });
        await client.PostOkAsync("/orders/browse-1/pay", new { paymentMethod = "card", amount = 10m });
        await client.PostOkAsync("/orders/browse-1/ship", new { carrier = "DHL", trackingNumber = "JD0001" });
        // The order page loads once (it does not refresh itself): open it once order_summary has the last event.
        await Eventually.Holds(async () => Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>("/orders/browse-1")).GetProperty("version").GetInt64()),
            TimeSpan.FromSeconds(30));

        await browser.RunAsync(Name("order"), async () =>
        {
            browser.GoTo($"{address}/console/orders/browse-1");
            // Development mode: the sign-in offers a token minted by the gateway, kept in session storage.
            browser.Until(d => browser.Find("#development-token").Displayed, "the sign-in");
            browser.Click("#development-token");
            var rows = browser.Until(d => browser.FindAll("#events tbody tr") is { Count: 4 } found ? found : null, "the order's four events")!;
            Assert.Equal(["OrderCreated", "OrderLineAdded", "OrderPaid", "OrderShipped"],
                rows.Select(row => row.FindElements(By.TagName("td"))[2].Text));
            Assert.Equal("Shipped", browser.Find("#state-status").Text);
            browser.Until(d => browser.Find("#read-row").Text.Contains("up to date", StringComparison.Ordinal), "the read row caught up");
            browser.Screenshot(Name("page-order"));

            // The slider: Home moves it to version 1, and the page shows the order as it was then.
            browser.Find("#version").SendKeys(Keys.Home);
            browser.Until(d => d.Url.Contains("version=1", StringComparison.Ordinal) && browser.Find("#state-version").Text == "1", "version 1");
            Assert.Equal("Pending", browser.Find("#state-status").Text);
            Assert.Equal(3, browser.FindAll("#events tbody tr.later").Count);
            // The console's own token (subject "console"), in session storage and in no cookie.
            var kept = (string)((IJavaScriptExecutor)browser.Driver).ExecuteScript("return sessionStorage.getItem('orders-console-token')")!;
            Assert.Equal("console", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(kept).Subject);
            Assert.Empty(browser.Driver.Manage().Cookies.AllCookies);

            browser.GoTo($"{address}/console/orders?customer=c-browse");
            browser.Until(d => browser.FindAll("#customer-orders tbody tr").Count == 1, "the customer's orders");
            browser.Screenshot(Name("page-orders"));
            await Task.CompletedTask;
        });
    }

    [SkippableFact]
    public async Task Pausing_order_summary_shows_its_lag_rise_under_a_command_and_fall_after_resume()
    {
        var browser = Track(ConsoleBrowser.Start());
        var (address, client) = StartGateway();
        await client.CreateOrderAsync("lag-0", "c-lag", "SKU-1");

        await browser.RunAsync(Name("pause"), async () =>
        {
            SignInWithToken(browser, address, "/console/projections", Tokens.Operator);
            browser.Until(d => States("order_summary").All(state => state == "running") && Lag("order_summary") == 0, "order_summary running and caught up");

            browser.Click("#projection-order_summary .pause-all");
            browser.Until(d => States("order_summary").All(state => state == "paused"), "order_summary paused");
            Assert.Contains("Done: order_summary pause (202)", browser.Find("#message").Text);
            browser.Until(d => States("customer_orders").All(state => state == "running"), "customer_orders still running");

            await client.CreateOrderAsync("lag-1", "c-lag", "SKU-1");
            await client.PostOkAsync("/orders/lag-0/pay", new { paymentMethod = "card", amount = 6m });
            browser.Until(d => Lag("order_summary") == 2, "order_summary's lag of two events");
            browser.Until(d => Lag("customer_orders") == 0, "customer_orders, not paused, caught up");
            browser.Screenshot(Name("page-projections"));

            browser.Click("#projection-order_summary .resume-all");
            browser.Until(d => States("order_summary").All(state => state == "running") && Lag("order_summary") == 0, "order_summary resumed and caught up");
            Assert.Contains("paid", (await client.GetFromJsonAsync<JsonElement>("/orders/lag-0")).GetProperty("status").GetString());

            // One slice alone: its own button pauses it and leaves the others running.
            browser.Click("#projection-customer_orders tr[data-slice='2'] button");
            browser.Until(d => States("customer_orders").SequenceEqual(["running", "running", "paused", "running"]), "slice 2 of customer_orders paused");
            browser.Click("#projection-customer_orders tr[data-slice='2'] button");
            browser.Until(d => States("customer_orders").All(state => state == "running"), "slice 2 of customer_orders resumed");
        });

        IEnumerable<string> States(string projection) =>
            browser.FindAll($"#projection-{projection} table.workers tbody td.state").Select(cell => cell.Text).ToList() is { Count: > 0 } states
                ? states
                : throw new NoSuchElementException($"no workers of {projection} shown yet");

        long Lag(string projection) => browser.FindAll($"#projection-{projection} td.lag").Sum(cell => long.Parse(cell.Text));
    }

    [SkippableFact]
    public async Task A_rebuild_asks_for_confirmation_and_is_watched_to_its_end()
    {
        var browser = Track(ConsoleBrowser.Start());
        var (address, client) = StartGateway();
        for (var i = 0; i < 20; i++)
        {
            await client.CreateOrderAsync($"rebuild-{i}", $"c-{i % 3}", "SKU-1");
        }

        await browser.RunAsync(Name("rebuild"), async () =>
        {
            SignInWithToken(browser, address, "/console/projections", Tokens.Operator);
            browser.Until(d => browser.Find("#projection-customer_orders .rebuild").Displayed, "the rebuild button");

            // Declined: nothing starts.
            browser.Click("#projection-customer_orders .rebuild");
            var question = browser.Until(d => d.SwitchTo().Alert(), "the confirmation");
            Assert.Contains("Rebuild customer_orders", question.Text);
            question.Dismiss();
            // Declined: no request was sent (no message), and no rebuild generation appears.
            await Task.Delay(1000);
            Assert.Equal("", browser.Find("#message").Text);
            Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/projections")).GetProperty("workers").EnumerateArray(),
                worker => worker.GetProperty("projection").GetString()!.EndsWith("__rebuild", StringComparison.Ordinal));

            browser.Click("#projection-customer_orders .rebuild");
            browser.Until(d => d.SwitchTo().Alert(), "the confirmation").Accept();
            browser.Until(d => browser.Find("#message").Text.Contains("customer_orders rebuild (202)", StringComparison.Ordinal), "the rebuild accepted");
            var finished = browser.Until(d => browser.Find("#projection-customer_orders .rebuild-finished").Text, "the rebuild's end", TimeSpan.FromSeconds(60));
            Assert.Matches(@"Rebuild finished at .* UTC: 20 events in [0-9.]+ s\.", finished);
            Assert.Empty(browser.FindAll("#projection-customer_orders .rebuild-progress"));
            Assert.Equal(7, (await client.GetFromJsonAsync<JsonElement>("/customers/c-0")).GetProperty("orderCount").GetInt32());
        });
    }

    [SkippableFact]
    public async Task Hostile_strings_stored_in_an_order_are_rendered_as_text()
    {
        var browser = Track(ConsoleBrowser.Start());
        var (address, client) = StartGateway();
        const string customer = "<script>alert(1)</script>";
        const string sku = "<img src=x onerror=alert(2)>";
        await client.CreateOrderAsync("hostile-1", customer, sku);
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/hostile-1")).StatusCode),
            TimeSpan.FromSeconds(30));

        await browser.RunAsync(Name("hostile"), async () =>
        {
            SignInWithToken(browser, address, "/console/orders/hostile-1", Tokens.Operator);
            browser.Until(d => browser.Find("#read-row").Text.Contains("up to date", StringComparison.Ordinal), "the order's page");
            Assert.Contains(customer, browser.Find("#read-row").Text);
            Assert.Contains(sku, browser.Find("#events").Text);
            Assert.Empty(browser.FindAll("main img"));
            Assert.Empty(browser.FindAll("main script"));
            Assert.Throws<NoAlertPresentException>(() => browser.Driver.SwitchTo().Alert());

            browser.GoTo($"{address}/console/orders?customer={Uri.EscapeDataString(customer)}");
            browser.Until(d => browser.FindAll("#customer-orders tbody tr").Count == 1, "the customer's orders");
            Assert.Contains(customer, browser.Find("#customer-orders").Text);
            Assert.Throws<NoAlertPresentException>(() => browser.Driver.SwitchTo().Alert());
            await Task.CompletedTask;
        });
    }

    [SkippableFact]
    public async Task A_token_without_the_admin_scope_is_told_so_and_the_cluster_page_shows_the_members()
    {
        var browser = Track(ConsoleBrowser.Start());
        var (address, client) = StartGateway();
        await client.CreateOrderAsync("cluster-1", "c-cluster");

        await browser.RunAsync(Name("cluster"), async () =>
        {
            SignInWithToken(browser, address, "/console/cluster", Tokens.Mint([OrdersScopes.Read]));
            browser.Until(d => browser.Find("#message").Text.Contains("403", StringComparison.Ordinal), "the 403 message");
            Assert.Empty(browser.FindAll("#members"));

            browser.Click("#sign-out");
            SignInWithToken(browser, address, "/console/cluster", Tokens.Operator);
            // Read inside the wait: the page refreshes itself and may replace the row meanwhile.
            var member = browser.Until(d => browser.Find("#members tbody tr").Text, "the cluster's members");
            Assert.Contains("Up", member);
            Assert.Contains("gateway", member);
            // The order's shard, on this node: the statistics are asked for every 5 s.
            var node = member.Split(' ')[0];
            // (A sample taken before the order's shard was allocated shows 0 shards: the next one, 5 s later, has it.)
            browser.Until(d => Regex.IsMatch(browser.Find("#shards tbody tr").Text, $@"^{Regex.Escape(node)} [1-9][0-9]* [0-9]+$"),
                "this node with at least one shard", TimeSpan.FromSeconds(30));
            browser.Screenshot(Name("page-cluster"));
            await Task.CompletedTask;
        });
    }

    private static void SignInWithToken(ConsoleBrowser browser, string address, string path, string token)
    {
        browser.GoTo(address + path);
        browser.Until(d => browser.Find("#token").Displayed, "the sign-in");
        browser.Find("#token").Clear();
        browser.Find("#token").SendKeys(token);
        browser.Click("#token-form button");
        browser.Until(d => !browser.Find("#sign-in").Displayed, "signed in");
    }

    private (string Address, HttpClient Client) StartGateway(bool development = false)
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(development
            ? new GatewayFactory(database, DevelopmentMode, "Development")
            : new GatewayFactory(database));
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var client = Track(new HttpClient { BaseAddress = new Uri(address) });
        if (!development)
        {
            client.Authorized(Tokens.Operator);
        }

        return (address, client);
    }
}

public sealed class ConsoleBrowserTestsOnSqlite() : ConsoleBrowserTests(DatabaseProvider.Sqlite);

public sealed class ConsoleBrowserTestsOnPostgreSql() : ConsoleBrowserTests(DatabaseProvider.PostgreSql);
