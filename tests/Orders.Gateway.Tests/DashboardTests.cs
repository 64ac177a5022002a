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
    public static readonly string Folder = Path.Combine(ServiceProcess.RepositoryFolder, "deploy", "grafana");

    private static readonly string[] PromQlWords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
        // Aggregations may stand apart from their parenthesis: "sum by (x) (...)".
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    ];

    [Fact]
    public void The_dashboard_shows_commands_persist_latency_projection_lag_shards_and_http_statuses_from_the_provisioned_prometheus()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "dashboards", "orders.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var queries = Queries();
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
            MetricNamesIn("histogram_quantile(0.99, sum by (le) (rate(orders_persist_duration_milliseconds_bucket{job=\"x\"}[5m])))"));
        Assert.Equal(["a_total", "b"], MetricNamesIn("sum by (outcome) (rate(a_total[1m])) / on (node) group_left b offset 5m"));
    }

    /// <summary>Every query (PromQL) of the dashboard's panels.</summary>
    public static IReadOnlyList<string> Queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "dashboards", "orders.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!).ToList();
    }

    /// <summary>The metric names a query reads: its identifiers, less functions, label matchers, grouping labels and keywords.</summary>
    public static IReadOnlyList<string> MetricNamesIn(string query)
    {
        var bare = Regex.Replace(query, "\"[^\"]*\"", "");
        bare = Regex.Replace(bare, @"\{[^}]*\}", "");
        bare = Regex.Replace(bare, @"\[[^\]]*\]", "");
        bare = Regex.Replace(bare, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "$1");
        return Regex.Matches(bare, @"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()")
            .Select(match => match.Groups[1].Value)
            .Where(name => !PromQlWords.Contains(name, StringComparer.OrdinalIgnoreCase) && !Regex.IsMatch(name, @"^\d"))
            .Distinct().ToList();
    }
}
