using System.Text.Json;
using System.Text.RegularExpressions;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// <c>deploy/grafana/</c>: the Orders dashboard that docker-compose provisions. Its panels cover what operators look at
/// first, every query goes to the provisioned Prometheus, and (in <see cref="MetricsTests"/>, against a running
/// service) every metric a query names is one that <c>/metrics</c> really serves.
/// </summary>
public sealed class DashboardTests
{
    private static readonly string Folder = MonitoringDefinitions.GrafanaFolder;

    [Fact]
    public void The_dashboard_shows_commands_persist_latency_projection_lag_shards_and_http_statuses_from_the_provisioned_prometheus()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "dashboards", "orders.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var queries = MonitoringDefinitions.DashboardQueries();
        Assert.Contains(queries, query => query.Contains("orders_commands_total", StringComparison.Ordinal) && query.Contains("by (outcome)", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("orders_persist_duration", StringComparison.Ordinal) && query.Contains("histogram_quantile", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("orders_projection_lag", StringComparison.Ordinal) && query.Contains("by (projection, slice)", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("orders_shards", StringComparison.Ordinal) && query.Contains("by (node)", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("http_server_request_duration", StringComparison.Ordinal) && query.Contains("http_response_status_code", StringComparison.Ordinal));

        // Every panel and query reads the data source that provisioning creates, by its uid.
        var provisioned = Regex.Match(File.ReadAllText(Path.Combine(Folder, "provisioning", "datasources", "prometheus.yml")), @"uid: (\S+)").Groups[1].Value;
        Assert.Equal("orders-prometheus", provisioned);
        Assert.All(panels, panel =>
        {
            Assert.Equal(provisioned, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target =>
                Assert.Equal(provisioned, target.GetProperty("datasource").GetProperty("uid").GetString()));
        });
        Assert.Equal(panels.Count, panels.Select(panel => panel.GetProperty("id").GetInt32()).Distinct().Count());

        // docker-compose mounts the provisioning and the folder the dashboard provider loads.
        var compose = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryFolder, "docker-compose.yml"));
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", compose);
        var loads = Regex.Match(File.ReadAllText(Path.Combine(Folder, "provisioning", "dashboards", "orders.yml")), @"path: (\S+)").Groups[1].Value;
        Assert.Contains($"./deploy/grafana/dashboards:{loads}:ro", compose);
    }

    [Fact]
    public void Metric_names_are_read_from_a_query_without_its_functions_labels_and_keywords()
    {
        Assert.Equal(["orders_persist_duration_milliseconds_bucket"],
            MonitoringDefinitions.MetricNamesIn("histogram_quantile(0.99, sum by (le) (rate(orders_persist_duration_milliseconds_bucket{job=\"x\"}[5m])))"));
        Assert.Equal(["a_total", "b"], MonitoringDefinitions.MetricNamesIn("sum by (outcome) (rate(a_total[1m])) / on (node) group_left b offset 5m"));
    }
}
