using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// Abuse of the API: hostile strings through every endpoint, and a seeded fuzz of malformed bodies, wrong content
/// types, absurd numbers, invalid transitions and concurrent conflicting commands. Every answer is 2xx or a 4xx
/// with problem details — never a 5xx — and afterwards the read tables are exactly the fold of the journal.
/// </summary>
public abstract class ApiAbuseTests(DatabaseProvider provider, ITestOutputHelper output) : TestWithResources
{
    /// <summary>Quotes, comment and statement injection, Unicode tricks, a NUL, path traversal, markup, a 10 KB id.</summary>
    public static readonly string[] HostileStrings =
    [
        "'", "\"", "x'; DROP TABLE journal;--", "\" OR 1=1 --", "'); DELETE FROM order_summary; --", "%27%20OR%201%3D1",
        "\u202Eevil\u202C", "🧨💥", "Ǆ̶̡͠", "a\u0000b", "../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
        "ok", " ", "", new string('a', 10_000),
    ];

    [SkippableFact]
    public async Task Hostile_strings_through_every_endpoint_get_answers_not_errors_and_leave_the_tables_intact()
    {
        var (factory, client) = Start();
        await CreateAsync(client, "seed-1", "customer-seed");
        var answers = new List<(string Request, HttpStatusCode Status, string? ContentType)>();
        var refusedPaths = new List<string>();
        async Task Send(HttpMethod method, string path, object? body = null, (string Name, string Value)? header = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (header is { } h && !h.Value.Any(char.IsControl))
            {
                request.Headers.TryAddWithoutValidation(h.Name, h.Value);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (InvalidOperationException refused) when (refused.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // A NUL cannot travel in a request path: the host refuses it before any endpoint runs (Kestrel
                // answers 400; the in-memory test server throws this). Recorded, and checked below.
                refusedPaths.Add($"{method} {path}");
                return;
            }

            using (response)
            {
                answers.Add(($"{method} {Shorten(path)}", response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            }
        }

        var index = 0;
        foreach (var hostile in HostileStrings)
        {
            var segment = Uri.EscapeDataString(hostile);
            var fresh = $"abuse-{index++}";
            await Send(HttpMethod.Get, $"/orders/{segment}");
            await Send(HttpMethod.Get, $"/orders/{segment}/events?from={segment}&limit={segment}");
            await Send(HttpMethod.Get, $"/orders/seed-1/state?at={segment}");
            await Send(HttpMethod.Get, $"/orders/seed-1/state?version={segment}");
            await Send(HttpMethod.Get, $"/orders?customerId={segment}&status={segment}&after={segment}");
            await Send(HttpMethod.Get, $"/orders?limit={segment}&minVersion={segment}");
            await Send(HttpMethod.Get, $"/orders/seed-1?minVersion={segment}");
            await Send(HttpMethod.Get, $"/customers/{segment}");
            await Send(HttpMethod.Post, "/orders", new { orderId = hostile, customerId = "c", lines = Array.Empty<object>() });
            await Send(HttpMethod.Post, "/orders", new { orderId = fresh, customerId = hostile, currency = hostile, salesChannel = hostile, lines = Array.Empty<object>() });
            // Valid text is stored as it is — these commands may succeed, and then must read back exactly.
            await Send(HttpMethod.Post, "/orders", new { orderId = fresh, customerId = hostile, lines = new[] { new { sku = hostile, quantity = 1, unitPrice = 1m } } });
            await Send(HttpMethod.Post, $"/orders/{fresh}/lines", new { sku = hostile + "-2", quantity = 1, unitPrice = 1m });
            await Send(HttpMethod.Delete, $"/orders/{fresh}/lines/{segment}");
            await Send(HttpMethod.Post, $"/orders/{segment}/pay", new { paymentMethod = "card", amount = 1m });
            await Send(HttpMethod.Post, $"/orders/{fresh}/cancel", new { reason = hostile }, ("Idempotency-Key", hostile));
            await Send(HttpMethod.Post, "/orders/seed-1/ship", new { carrier = hostile, trackingNumber = hostile }, ("If-Match", hostile));
            await Send(HttpMethod.Post, $"/projections/{segment}/pause");
            await Send(HttpMethod.Post, $"/projections/{segment}/rebuild");
            await Send(HttpMethod.Post, $"/projections/order_summary/resume?slice={segment}");
        }

        // Exactly the requests whose path (not query) holds a NUL were refused by the host; every other one was answered.
        var nul = Uri.EscapeDataString("\0");
        output.WriteLine($"refused by the host: {string.Join(", ", refusedPaths.Select(Shorten))}");
        Assert.NotEmpty(refusedPaths);
        Assert.All(refusedPaths, refused => Assert.Contains(nul, refused.Split('?')[0]));
        Assert.DoesNotContain(answers, answer => answer.Request.Split('?')[0].Contains(nul, StringComparison.Ordinal));
        output.WriteLine($"{answers.Count} requests: " + string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}")));
        Assert.Empty(answers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Request} → {(int)a.Status}"));
        Assert.Empty(answers.Where(a => (int)a.Status >= 400 && a.ContentType != "application/problem+json").Select(a => $"{a.Request} → {(int)a.Status} {a.ContentType}"));

        // What the domain accepts is stored and reads back exactly as it was sent; what it refuses is not stored at all.
        foreach (var (hostile, i) in HostileStrings.Select((h, i) => (h, i)))
        {
            var state = await client.GetAsync($"/orders/abuse-{i}/state");
            var valid = OrderCommandValidator.Validate(new CreateOrder(
                $"abuse-{i}", hostile, "USD", [new OrderLine(hostile, 1, 1m)], new CommandMetadata(DateTimeOffset.UtcNow))) is null;
            Assert.True(state.StatusCode == (valid ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                $"hostile string #{i} ({(valid ? "valid" : "refused")}): GET state answered {(int)state.StatusCode}");
            if (valid)
            {
                // Created with a line whose SKU is the hostile string, given a second line, then that first line was
                // removed by a DELETE with the hostile string in its path: exactly the second line is left. (A NUL
                // cannot travel in a path, so that DELETE was never sent: both lines are left.)
                var body = await state.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(hostile, body.GetProperty("customerId").GetString());
                string[] lines = hostile.Contains('\0') ? [hostile, hostile + "-2"] : [hostile + "-2"];
                Assert.Equal(lines, body.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("sku").GetString()).Order(StringComparer.Ordinal));
            }
        }

        Assert.Contains(HostileStrings, hostile => OrderCommandValidator.Validate(new CreateOrder(
            "abuse-x", hostile, "USD", [new OrderLine(hostile, 1, 1m)], new CommandMetadata(DateTimeOffset.UtcNow))) is null);

        await AssertTablesEqualTheFoldAsync(factory);
    }

    [SkippableFact]
    public async Task A_seeded_fuzz_of_the_api_never_gets_a_server_error_and_the_tables_stay_the_fold_of_the_journal()
    {
        var seed = Environment.GetEnvironmentVariable("ORDERS_FUZZ_SEED") is { } text ? int.Parse(text) : 20261128;
        output.WriteLine($"seed {seed} (set ORDERS_FUZZ_SEED to replay another)");
        var random = new Random(seed);
        var (factory, client) = Start();
        string[] orders = [.. Enumerable.Range(0, 12).Select(i => $"fuzz-{i}")];
        var answers = new ConcurrentBag<(string Request, int Status, string? ContentType, string Body)>();

        async Task<(int Status, string Body)> Send(HttpMethod method, string path, string? contentType, string? body, (string, string)? header = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (contentType is not null)
            {
                request.Content = new StringContent(body ?? "", Encoding.UTF8);
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }

            if (header is { } h)
            {
                request.Headers.TryAddWithoutValidation(h.Item1, h.Item2);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answers.Add(($"{method} {path} {contentType} {Shorten(body ?? "")}", (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType, Shorten(text)));
            return ((int)response.StatusCode, text);
        }

        static bool Succeeded((int Status, string Body) answer) => answer.Status is >= 200 and < 300;

        for (var round = 0; round < 500; round++)
        {
            var order = orders[random.Next(orders.Length)];
            var (method, path, body) = random.Next(11) switch
            {
                9 => (HttpMethod.Post, $"/orders/{order}/pay", Garbage(random)),
                10 => (random.Next(2) == 0 ? HttpMethod.Put : HttpMethod.Patch, $"/orders/{order}", """{"status":"delivered"}"""),
                0 => (HttpMethod.Post, "/orders", $$"""{"orderId":"{{order}}","customerId":{{Value(random)}},"currency":{{Value(random)}},"lines":[{"sku":{{Value(random)}},"quantity":{{Value(random)}},"unitPrice":{{Value(random)}}}]}"""),
                1 => (HttpMethod.Post, "/orders", $$"""{"orderId":"{{order}}","customerId":"c-{{random.Next(3)}}","lines":[{"sku":"S{{random.Next(4)}}","quantity":{{random.Next(1, 5)}},"unitPrice":{{random.Next(1, 900)}}.{{random.Next(10, 99)}}}]}"""),
                2 => (HttpMethod.Post, $"/orders/{order}/lines", $$"""{"sku":"S{{random.Next(6)}}","quantity":{{Value(random)}},"unitPrice":{{Value(random)}}}"""),
                3 => (HttpMethod.Delete, $"/orders/{order}/lines/S{random.Next(6)}", (string?)null),
                4 => (HttpMethod.Post, $"/orders/{order}/pay", $$"""{"paymentMethod":{{Value(random)}},"amount":{{Value(random)}}}"""),
                5 => (HttpMethod.Post, $"/orders/{order}/ship", $$"""{"carrier":"ups","trackingNumber":{{Value(random)}}}"""),
                6 => (HttpMethod.Post, $"/orders/{order}/deliver", (string?)null),
                7 => (HttpMethod.Post, $"/orders/{order}/cancel", $$"""{"reason":{{Value(random)}}}"""),
                _ => (HttpMethod.Post, $"/orders/{order}/lines", Mangle(random, """{"sku":"S9","quantity":1,"unitPrice":1}""")),
            };
            var contentType = body is null ? null : random.Next(10) switch
            {
                0 => "text/plain",
                1 => "application/xml",
                2 => "application/json; charset=utf-16",
                _ => "application/json",
            };
            await Send(method, path, contentType, body);

            if (round % 50 == 49)
            {
                // Conflicting commands on one order at once: the order decides them one by one.
                var target = orders[random.Next(orders.Length)];
                var conflicting = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
                    ? Send(HttpMethod.Post, $"/orders/{target}/cancel", "application/json", """{"reason":"race"}""", ("If-Match", $"\"{random.Next(1, 4)}\""))
                    : Send(HttpMethod.Post, $"/orders/{target}/lines", "application/json", $$"""{"sku":"R{{i}}","quantity":1,"unitPrice":2}""")));
                // A cancelled order refuses every later cancel: at most one of the four succeeded.
                var cancelled = conflicting.Where((answer, i) => i % 2 == 0 && Succeeded(answer)).ToList();
                Assert.True(cancelled.Count <= 1, $"round {round}: {cancelled.Count} cancels of '{target}' succeeded at once");

                // The same Idempotency-Key sent at once (once with another body) to an order that takes lines: exactly
                // one command is applied, and every answer carries the version it was applied at.
                var fresh = $"race-order-{round}";
                Assert.Equal(201, (await Send(HttpMethod.Post, "/orders", "application/json",
                    $$"""{"orderId":"{{fresh}}","customerId":"c-race","lines":[{"sku":"S1","quantity":1,"unitPrice":1}]}""")).Status);
                var key = $"race-{round}";
                var repeated = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Send(HttpMethod.Post, $"/orders/{fresh}/lines", "application/json",
                    $$"""{"sku":"K{{(i == 5 ? 2 : 1)}}","quantity":1,"unitPrice":3}""", ("Idempotency-Key", key))));
                var stored = (await factory.Journal.EventsOfOrderAsync(fresh)).Count(e => ((IOrderEvent)e.Event).CommandId == key);
                Assert.True(stored == 1, $"round {round}: {stored} events of '{fresh}' carry the command id {key}");
                Assert.All(repeated, answer => Assert.True(Succeeded(answer), $"round {round}: a repeat answered {answer.Status} {answer.Body}"));
                var versions = repeated.Select(answer => JsonDocument.Parse(answer.Body).RootElement.GetProperty("version").GetInt64()).Distinct().ToList();
                Assert.Equal([2L], versions);
            }
        }

        output.WriteLine($"{answers.Count} requests: " + string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}")));
        Assert.Empty(answers.Where(a => a.Status >= 500).Select(a => $"{a.Request} → {a.Status} {a.Body}"));
        Assert.Empty(answers.Where(a => a.Status >= 400 && a.ContentType != "application/problem+json").Select(a => $"{a.Request} → {a.Status} {a.ContentType}"));
        Assert.Contains(answers, a => a.Status is >= 200 and < 300);
        await AssertTablesEqualTheFoldAsync(factory);
    }

    /// <summary>A JSON value of a random kind: valid and invalid strings, absurd numbers, null, arrays, objects.</summary>
    private static string Value(Random random) => random.Next(16) switch
    {
        0 => "null",
        1 => "\"\"",
        2 => "-1",
        3 => "0",
        4 => "1.5",
        5 => "1e400",
        6 => "-9999999999999999999999999999999",
        7 => "79228162514264337593543950336",
        8 => "[]",
        9 => "{}",
        10 => "true",
        11 => "\"x'; DROP TABLE tags;--\"",
        12 => JsonSerializer.Serialize(new string('z', random.Next(1, 300))),
        13 => random.Next(1, 50).ToString(),
        14 => "0.01",
        _ => "\"USD\"",
    };

    /// <summary>Random bytes, not even text (invalid UTF-8 and control characters included).</summary>
    private static string Garbage(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>A valid body cut short, with a byte flipped, or doubled.</summary>
    private static string Mangle(Random random, string json) => random.Next(4) switch
    {
        0 => json[..random.Next(json.Length)],
        1 => json.Remove(random.Next(json.Length), 1).Insert(random.Next(json.Length - 1), ((char)random.Next(32, 127)).ToString()),
        2 => json + json,
        _ => "{" + json,
    };

    private (GatewayFactory Factory, HttpClient Client) Start()
    {
        var factory = Track(new GatewayFactory(Track(TestDatabases.Create(provider))));
        return (factory, factory.CreateClient());
    }

    private static async Task CreateAsync(HttpClient client, string orderId, string customerId) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId, customerId, lines = new[] { new { sku = "A", quantity = 2, unitPrice = 5m } },
        })).StatusCode);

    private static async Task AssertTablesEqualTheFoldAsync(GatewayFactory factory) =>
        await Eventually.Holds(async () => Assert.Equal(
            ReadModelContent.ExpectedFrom((await factory.Journal.AllOrderEventsAsync(factory.Slices)).Select(e => (IOrderEvent)e.Event)),
            await ReadModelContent.ReadAllAsync(ReadModelStore.For(factory.Database.Settings().Database)),
            ReadModelContentComparer.Instance), TimeSpan.FromSeconds(60));

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}

public sealed class ApiAbuseTestsOnSqlite(ITestOutputHelper output) : ApiAbuseTests(DatabaseProvider.Sqlite, output);

public sealed class ApiAbuseTestsOnPostgreSql(ITestOutputHelper output) : ApiAbuseTests(DatabaseProvider.PostgreSql, output);
