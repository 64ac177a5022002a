using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Orders.Testing;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary><c>/metrics</c> serves Prometheus text with the write side's and the read side's metrics.</summary>
public abstract class MetricsTests
{
    private readonly IGatewayFixture _fixture;

    protected MetricsTests(IGatewayFixture fixture)
    {
        fixture.ThrowIfUnavailable();
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Commands_by_outcome_persist_latency_active_orders_and_projection_lag_are_exposed_for_prometheus()
    {
        var client = _fixture.Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId = "metrics-1", customerId = "c", lines = new[] { new { sku = "A", quantity = 1, unitPrice = 2m } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/orders/metrics-1/pay", new { paymentMethod = "card", amount = 1m })).StatusCode);

        await Eventually.Holds(async () =>
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Matches("orders_commands[a-z_]*_total\\{[^}]*command=\"create-order\"[^}]*outcome=\"accepted\"", text);
            Assert.Matches("orders_commands[a-z_]*_total\\{[^}]*code=\"amount-mismatch\"[^}]*outcome=\"rejected\"", text);
            Assert.Matches("orders_persist_duration[a-z_]*_bucket", text);
            Assert.Matches("orders_entities_active[a-z_]*(\\{[^}]*\\})? [1-9]", text);
            Assert.Matches("orders_projection_lag[a-z_]*\\{[^}]*projection=\"order_summary\"[^}]*slice=\"0\"", text);
            Assert.Contains("http_server_request_duration", text);
            // Shards per node, cluster-wide (this test's node hosts all of them; the order above lives in one).
            Assert.Matches("orders_shards(_[a-z]+)?\\{[^}]*node=\"akka\\.tcp://orders@[^\"]+\"[^}]*\\} [1-9]", text);
            Assert.Matches("orders_shard_entities(_[a-z]+)?\\{[^}]*node=\"akka\\.tcp://orders@[^\"]+\"[^}]*\\} [1-9]", text);
        }, TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public async Task Every_metric_the_alert_rules_name_is_exposed_with_the_labels_they_use()
    {
        var named = MonitoringDefinitions.AlertMetricNames();
        Assert.Contains("orders_projection_age_seconds", named);
        await AssertServedAsync("metrics-alerts", named, text =>
        {
            // The labels the rules group and filter by.
            Assert.Matches("orders_cluster_members\\{[^}]*status=\"up\"[^}]*\\} 1", text);
            Assert.Matches("orders_cluster_unreachable_members(\\{[^}]*\\})? 0", text);
            Assert.Matches("orders_commands_total\\{[^}]*outcome=\"accepted\"", text);
            Assert.Matches("orders_projection_age_seconds\\{[^}]*projection=\"order_summary\"[^}]*slice=\"0\"", text);
        });
    }

    [SkippableFact]
    public async Task Every_metric_the_dashboard_queries_is_exposed()
    {
        var named = MonitoringDefinitions.DashboardMetricNames();
        Assert.Contains("orders_persist_duration_milliseconds_bucket", named);
        Assert.True(named.Count >= 7, string.Join(", ", named));
        await AssertServedAsync("metrics-dashboard", named, text =>
        {
            // The labels the panels group by.
            Assert.Matches("orders_commands_total\\{[^}]*outcome=", text);
            Assert.Matches("orders_shards\\{[^}]*node=", text);
            Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=", text);
        });
    }

    /// <summary>After one order is created, <c>/metrics</c> serves every named metric, and <paramref name="labels"/> holds of it.</summary>
    private async Task AssertServedAsync(string orderId, IReadOnlyList<string> named, Action<string> labels)
    {
        var client = _fixture.Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId, customerId = "c", lines = new[] { new { sku = "A", quantity = 1, unitPrice = 2m } },
        })).StatusCode);
        await Eventually.Holds(async () =>
        {
            var text = await client.GetStringAsync("/metrics");
            Assert.All(named, metric => Assert.Matches(new Regex($"^{metric}[{{ ]", RegexOptions.Multiline), text));
            labels(text);
        }, TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public async Task The_runtime_s_own_metrics_are_exposed()
    {
        await Eventually.Holds(async () =>
        {
            var text = await _fixture.Client.GetStringAsync("/metrics");
            // .NET's runtime meter: collections, heap, thread pool, CPU.
            Assert.Matches(new Regex("^dotnet_gc_collections(_total)?\\{", RegexOptions.Multiline), text);
            Assert.Matches(new Regex("^dotnet_process_cpu_time_seconds(_total)?\\{", RegexOptions.Multiline), text);
            Assert.Matches(new Regex("^dotnet_thread_pool_queue_length", RegexOptions.Multiline), text);
        }, TimeSpan.FromSeconds(30));
    }

    protected Task<string> MetricsTextAsync() => _fixture.Client.GetStringAsync("/metrics");
}

/// <summary>
/// Metrics tests run alone: OpenTelemetry merges same-named instruments of every host in the process (ASP.NET Core
/// makes one meter per host), and a host disposed meanwhile by another test takes the merged streams with it.
/// One process, one host — as in production — is the only faithful set-up.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (alone)";
}

[Collection(MetricsCollection.Name)]
public sealed class MetricsTestsOnSqlite(GatewayFixture<OnSqlite> fixture)
    : MetricsTests(fixture), IClassFixture<GatewayFixture<OnSqlite>>;

[Collection(MetricsCollection.Name)]
public sealed class MetricsTestsOnPostgreSql(GatewayFixture<OnPostgreSql> fixture)
    : MetricsTests(fixture), IClassFixture<GatewayFixture<OnPostgreSql>>
{
    [SkippableFact]
    public async Task Npgsql_s_own_metrics_are_exposed() =>
        await Eventually.Holds(async () =>
        {
            var text = await MetricsTextAsync();
            // Npgsql's meter: its connection pools and the commands sent through them.
            Assert.Matches(new Regex("^db_client_connection[a-z_]*\\{[^}]*pool_name=", RegexOptions.Multiline), text);
            Assert.Matches(new Regex("^db_client_(commands|operation)[a-z_]*duration", RegexOptions.Multiline), text);
        }, TimeSpan.FromSeconds(30));
}
