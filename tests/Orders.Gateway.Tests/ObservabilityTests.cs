using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Orders.Contracts.Configuration;
using Orders.Contracts.Diagnostics;
using Orders.Contracts.Tagging;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// A command is one trace — HTTP request → the gateway's Ask → the order actor's persist → each projection's commit —
/// and every log line about an order carries its order id (and command id) as structured properties.
/// </summary>
public abstract class ObservabilityTests(DatabaseProvider provider) : TestWithResources
{
    private GatewayFactory Gateway() => Track(new GatewayFactory(Track(TestDatabases.Create(provider)), new Dictionary<string, string?>
    {
        // Projection workers read only when announced, so the commit that applies the command's events is the announced one.
        ["Orders:Projections:PollInterval"] = "00:10:00",
        ["Orders:Projections:BacktrackingInterval"] = "00:10:00",
        ["Logging:LogLevel:Orders"] = "Debug",
    }));

    [SkippableFact]
    public async Task One_command_is_one_trace_from_the_http_request_through_the_persist_to_every_projection_commit()
    {
        // The listener hears every host in this test process: ids are this class's own.
        var traced = $"traced-{provider}";
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is OrdersTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var gateway = Gateway();
        var client = gateway.CreateClient();
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode), TimeSpan.FromSeconds(60));

        // Warm up the slice of the traced order: once its three workers have applied an earlier order they are idle,
        // and (with polling and backtracking off) only the traced command's announcement makes them read again.
        var slice = OrderTags.SliceOf(traced, gateway.Slices);
        var warmUp = Enumerable.Range(0, 1000).Select(i => $"warm-{provider}-{i}").First(id => OrderTags.SliceOf(id, gateway.Slices) == slice);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId = warmUp, customerId = "c", lines = new[] { new { sku = "T", quantity = 1, unitPrice = 1m } },
        })).StatusCode);
        await Eventually.Returns(() => ProjectionsIn(activities.Where(a => a.OperationName == "orders.projection.commit" && (string?)a.GetTagItem("order.id") == warmUp))
            .Count == 3 ? "" : null, TimeSpan.FromSeconds(30), () => "the warm-up order's commits");
        // Then the slice's read has ended with nothing after it: the traced event is read only once announced.
        await Eventually.Returns(() => gateway.Logs.Entries.LastOrDefault(entry => entry.Category.EndsWith("SliceWorker")
                && entry.Properties.GetValueOrDefault("Slice") is { } logged && Convert.ToInt32(logged) == slice) is { } last
                && last.Message.Contains("is idle") ? "" : null,
            TimeSpan.FromSeconds(30), () => $"slice {slice}'s worker idle after the warm-up");

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId = traced, customerId = "c", lines = new[] { new { sku = "T", quantity = 1, unitPrice = 1m } },
        })).StatusCode);

        var command = await Eventually.Returns(() => activities.SingleOrDefault(a => a.DisplayName == "orders.command create-order"
            && (string?)a.GetTagItem("order.id") == traced), TimeSpan.FromSeconds(10));
        // The request's own activity ends after its response has gone out.
        var request = await Eventually.Returns(() => activities.SingleOrDefault(a => a.SpanId == command.ParentSpanId), TimeSpan.FromSeconds(10));
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(ActivityKind.Client, command.Kind);

        var persist = await Eventually.Returns(() => activities.SingleOrDefault(a => a.OperationName == "orders.persist"
            && a.TraceId == command.TraceId), TimeSpan.FromSeconds(10));
        Assert.Equal(command.SpanId, persist.ParentSpanId);
        Assert.Equal("accepted", persist.GetTagItem("outcome"));
        Assert.Equal(1L, Convert.ToInt64(persist.GetTagItem("order.version")));

        // The commit of this event to every projection (one transaction, from the slice's one read) continues the
        // trace and links to the persist that announced it.
        var commits = await Eventually.Returns(() =>
        {
            var found = activities.Where(a => a.OperationName == "orders.projection.commit" && a.TraceId == command.TraceId).ToList();
            return ProjectionsIn(found).Count == 3 ? found : null;
        }, TimeSpan.FromSeconds(30), () => "commits of all three projections in the trace; seen: " + string.Join(", ",
            activities.Where(a => a.OperationName == "orders.projection.commit").Select(a =>
                $"{string.Join("+", ProjectionsIn([a]))}/{a.GetTagItem("slice")} events {a.GetTagItem("events")} applied {a.GetTagItem("applied")} "
                + $"trace {(a.TraceId == command.TraceId ? "ours" : "other")} links {a.Links.Count()}")));
        Assert.All(commits, commit =>
        {
            Assert.Equal(persist.SpanId, commit.ParentSpanId);
            Assert.Contains(commit.Links, link => link.Context.SpanId == persist.SpanId);
            Assert.Equal((long)ProjectionsIn([commit]).Count, Convert.ToInt64(commit.GetTagItem("applied")));
        });
    }

    /// <summary>The projections that commit activities wrote to (one commit may serve all of a slice's projections).</summary>
    private static HashSet<string> ProjectionsIn(IEnumerable<Activity> commits) =>
        commits.SelectMany(commit => commit.GetTagItem("projections") as string[] ?? []).ToHashSet();

    [SkippableFact]
    public async Task Every_log_line_about_an_order_carries_its_order_id_and_command_id()
    {
        var gateway = Gateway();
        var client = gateway.CreateClient();
        async Task<HttpResponseMessage> Send(string path, object body, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Created, await StatusOf(Send("/orders", new
        {
            orderId = "logged-1", customerId = "c", lines = new[] { new { sku = "L", quantity = 2, unitPrice = 3m } },
        }, "create-logged-1")));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(Send("/orders/logged-1/lines", new { sku = "", quantity = 1, unitPrice = 1m }, "bad-line")));
        Assert.Equal(HttpStatusCode.Conflict, await StatusOf(Send("/orders/logged-1/pay", new { paymentMethod = "card", amount = 1m }, "pay-wrong")));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(Send("/orders/logged-1/pay", new { paymentMethod = "card", amount = 6m }, "pay-right")));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(Send("/orders/logged-1/pay", new { paymentMethod = "card", amount = 6m }, "pay-right")));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(Send("/orders/logged-1/ship", new { carrier = "ups", trackingNumber = "1Z" }, null)));

        var lines = await Eventually.Returns(() =>
        {
            var about = gateway.Logs.Entries.Where(e => e.Message.Contains("logged-1")).ToList();
            return about.Count(e => e.Category.EndsWith("OrderActor")) >= 5 ? about : null;
        }, TimeSpan.FromSeconds(10));
        Assert.All(lines, line => Assert.Equal("logged-1", line.Properties.GetValueOrDefault("OrderId")));
        foreach (var key in new[] { "create-logged-1", "bad-line", "pay-wrong", "pay-right" })
        {
            var withKey = lines.Where(line => line.Message.Contains(key)).ToList();
            Assert.NotEmpty(withKey);
            Assert.All(withKey, line => Assert.Equal(key, line.Properties.GetValueOrDefault("CommandId")));
        }

        // Both sides of the Ask speak: the gateway's command path and the order actor, each with the ids.
        Assert.Contains(lines, line => line.Category.EndsWith("CommandPipeline") && (string?)line.Properties.GetValueOrDefault("CommandId") == "pay-wrong");
        Assert.Contains(lines, line => line.Category.EndsWith("OrderActor") && (string?)line.Properties.GetValueOrDefault("CommandId") == "pay-right"
            && line.Message.Contains("applied before"));
    }

    private static async Task<HttpStatusCode> StatusOf(Task<HttpResponseMessage> response) => (await response).StatusCode;
}

public sealed class ObservabilityTestsOnSqlite() : ObservabilityTests(DatabaseProvider.Sqlite);

public sealed class ObservabilityTestsOnPostgreSql() : ObservabilityTests(DatabaseProvider.PostgreSql);
