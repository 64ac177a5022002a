using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// Today's service over a journal written by the v1 code (tests/Orders.Testing/Fixtures/journal-v1.db):
/// history, time travel across the v1/v2 boundary, commands on recovered orders, and the read tables
/// built — and rebuilt — from it.
/// </summary>
public abstract class V1JournalApiTests(DatabaseProvider provider, ITestOutputHelper output) : TestWithResources
{
    [SkippableFact]
    public async Task The_history_of_a_v1_order_reads_as_today_s_events()
    {
        var (_, client) = await StartOnFixtureAsync();

        var history = await client.GetFromJsonAsync<JsonElement>("/orders/v1-delivered/events");

        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            ["order-created.v2", "order-line-added.v1", "order-line-removed.v1", "order-paid.v2", "order-shipped.v1", "order-delivered.v1"],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("web", events[0].GetProperty("payload").GetProperty("salesChannel").GetString());
        var payment = events[3].GetProperty("payload").GetProperty("payment");
        Assert.Equal(("card", JsonValueKind.Null), (payment.GetProperty("method").GetString(), payment.GetProperty("reference").ValueKind));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 3, 0, TimeSpan.Zero), events[3].GetProperty("timestamp").GetDateTimeOffset());
    }

    [SkippableFact]
    public async Task The_console_shows_each_event_s_stored_manifest_and_marks_the_upcast_ones()
    {
        var (_, client) = await StartOnFixtureAsync();

        var html = await client.GetStringAsync("/console/fragments/orders/v1-delivered");

        var rows = Regex.Matches(html, "<tr[^>]*><td class=\"number\">(\\d+)</td>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(6, rows.Count);
        string Stored(string row) => Regex.Match(row, "<code>([^<]*)</code>").Groups[1].Value;
        string? UpcastTo(string row) => Regex.Match(row, "upcast to <code>([^<]*)</code>") is { Success: true } m ? m.Groups[1].Value : null;
        Assert.Equal(
            ["order-created.v1", "order-line-added.v1", "order-line-removed.v1", "order-paid.v1", "order-shipped.v1", "order-delivered.v1"],
            rows.Select(Stored));
        Assert.Equal(["order-created.v2", null, null, "order-paid.v2", null, null], rows.Select(UpcastTo));
        Assert.Contains("&quot;salesChannel&quot;: &quot;web&quot;", html);
    }

    [SkippableFact]
    public async Task Time_travel_crosses_the_boundary_between_v1_and_v2_events()
    {
        var (_, client) = await StartOnFixtureAsync();

        // v1-pending was created and changed by the v1 code; today's code pays it (an order-paid.v2 event).
        var paid = await client.PostAsJsonAsync("/orders/v1-pending/pay", new { paymentMethod = "card", amount = 25.00m, paymentReference = "ch_3Nf" });
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(3, (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        var types = (await client.GetFromJsonAsync<JsonElement>("/orders/v1-pending/events")).GetProperty("events")
            .EnumerateArray().Select(e => e.GetProperty("type").GetString());
        Assert.Equal(["order-created.v2", "order-line-added.v1", "order-paid.v2"], types);

        var beforePayment = await client.GetFromJsonAsync<JsonElement>("/orders/v1-pending/state?version=2");
        Assert.Equal(("pending", "web", 2), (Text(beforePayment, "status"), Text(beforePayment, "salesChannel"), beforePayment.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.Null, beforePayment.GetProperty("paymentMethod").ValueKind);

        var atCreation = await client.GetFromJsonAsync<JsonElement>("/orders/v1-pending/state?at=2026-03-02T10:06:30Z");
        Assert.Equal((1, 1), (atCreation.GetProperty("version").GetInt32(), atCreation.GetProperty("lines").GetArrayLength()));

        var now = await client.GetFromJsonAsync<JsonElement>("/orders/v1-pending/state");
        Assert.Equal(("paid", "web", "card", "ch_3Nf"),
            (Text(now, "status"), Text(now, "salesChannel"), Text(now, "paymentMethod"), Text(now, "paymentReference")));
        Assert.Equal(25.00m, now.GetProperty("amountPaid").GetDecimal());

        // Between the v1 payment era and now: the state at the time of the last v1 event is still unpaid.
        var atLastV1Event = await client.GetFromJsonAsync<JsonElement>("/orders/v1-pending/state?at=2026-03-02T10:07:00Z");
        Assert.Equal(("pending", 2), (Text(atLastV1Event, "status"), atLastV1Event.GetProperty("version").GetInt32()));
    }

    [SkippableFact]
    public async Task Orders_recovered_from_v1_events_and_snapshots_take_commands_and_recognise_v1_command_ids()
    {
        var (_, client) = await StartOnFixtureAsync();

        // v1-shipped recovers from its v1 snapshot (at 3, nothing after it).
        var delivered = await client.PostAsync("/orders/v1-shipped/deliver", null);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(4, (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        // A retry of the payment the v1 code applied (its command id is in the v1 events and snapshot): the original outcome.
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/orders/v1-shipped/pay")
        {
            Content = JsonContent.Create(new { paymentMethod = "invoice", amount = 12.50m }),
            Headers = { { "Idempotency-Key", "v1-shipped-cmd-10" } },
        };
        var replayed = await client.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(2, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        // The rules still hold for v1 orders: a delivered order cannot be cancelled, a cancelled one cannot be paid.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/orders/v1-delivered/cancel", new { reason = "late" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/orders/v1-cancelled/pay", new { paymentMethod = "card", amount = 3.00m })).StatusCode);
    }

    [SkippableFact]
    public async Task The_read_tables_built_and_rebuilt_from_the_v1_journal_equal_its_fold()
    {
        var (factory, client) = await StartOnFixtureAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/orders/v1-pending/pay", new { paymentMethod = "card", amount = 25.00m })).StatusCode);

        await Eventually.Holds(async () => Assert.Equal(await ExpectedAsync(factory), await ActualAsync(factory), ReadModelContentComparer.Instance),
            TimeSpan.FromSeconds(60));
        var summary = await client.GetFromJsonAsync<JsonElement>("/orders/v1-delivered");
        Assert.Equal(("delivered", 30.97m), (Text(summary, "status"), summary.GetProperty("totalAmount").GetDecimal()));
        var refunded = await client.GetFromJsonAsync<JsonElement>("/customers/carol");
        Assert.Equal((1, 0), (refunded.GetProperty("orderCount").GetInt32(), refunded.GetProperty("openCount").GetInt32()));

        // Drift, then a rebuild of every projection from offset 0 — that is, from the v1 events.
        await factory.Database.ExecuteOnReadModelAsync("UPDATE order_summary SET total_amount = 1 WHERE order_id = 'v1-delivered'");
        await factory.Database.ExecuteOnReadModelAsync("DELETE FROM product_sales_daily");
        foreach (var projection in new[] { "order_summary", "customer_orders", "product_sales_daily" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/projections/{projection}/rebuild", null)).StatusCode);
        }

        await Eventually.Holds(async () => Assert.Equal(await ExpectedAsync(factory), await ActualAsync(factory), ReadModelContentComparer.Instance),
            TimeSpan.FromSeconds(60));
        output.WriteLine($"{(await ActualAsync(factory)).OrderSummary.Count} orders rebuilt from the v1 journal");
    }

    private async Task<(GatewayFactory Factory, HttpClient Client)> StartOnFixtureAsync()
    {
        var database = Track(TestDatabases.Create(provider));
        var factory = Track(new GatewayFactory(database));
        await FixtureJournal.V1.CopyIntoAsync(factory.Services.GetRequiredService<ActorSystem>(), database);
        return (factory, factory.CreateClient());
    }

    private static async Task<ReadModelContent> ExpectedAsync(GatewayFactory factory) =>
        ReadModelContent.ExpectedFrom((await factory.Journal.AllOrderEventsAsync(factory.Slices)).Select(e => (IOrderEvent)e.Event));

    private static Task<ReadModelContent> ActualAsync(GatewayFactory factory) =>
        ReadModelContent.ReadAllAsync(ReadModelStore.For(factory.Database.Settings().Database));

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}

public sealed class V1JournalApiTestsOnSqlite(ITestOutputHelper output) : V1JournalApiTests(DatabaseProvider.Sqlite, output);

public sealed class V1JournalApiTestsOnPostgreSql(ITestOutputHelper output) : V1JournalApiTests(DatabaseProvider.PostgreSql, output);
