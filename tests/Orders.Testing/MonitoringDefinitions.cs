using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orders.Testing;

/// <summary>
/// What <c>deploy/prometheus/</c> and <c>deploy/grafana/</c> define, read from the files themselves: the alerts, the
/// dashboard's queries, and the metric names either one reads. The gateway's tests check these names against a running
/// service's <c>/metrics</c>; the live Prometheus test checks them against what Prometheus scraped.
/// </summary>
public static class MonitoringDefinitions
{
    public static readonly string PrometheusFolder = Path.Combine(ServiceProcess.RepositoryFolder, "deploy", "prometheus");

    public static readonly string GrafanaFolder = Path.Combine(ServiceProcess.RepositoryFolder, "deploy", "grafana");

    public static string AlertRulesFile => Path.Combine(PrometheusFolder, "orders-alerts.yml");

    private static readonly string[] PromQlWords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
        // Aggregations may stand apart from their parenthesis: "sum by (x) (...)".
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    ];

    /// <summary>The alerts of the rules file, by name.</summary>
    public static IReadOnlyList<string> AlertNames() =>
        Regex.Matches(File.ReadAllText(AlertRulesFile), @"^\s*- alert: (\w+)", RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value).ToList();

    /// <summary>The service's metrics that the rules' expressions name (Prometheus' own <c>up</c> aside).</summary>
    public static IReadOnlyList<string> AlertMetricNames() =>
        Regex.Matches(File.ReadAllText(AlertRulesFile), @"\b(orders_[a-z_]+)\b")
            .Select(match => match.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every query (PromQL) of the dashboard's panels.</summary>
    public static IReadOnlyList<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(GrafanaFolder, "dashboards", "orders.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!).ToList();
    }

    /// <summary>Every metric a dashboard query names.</summary>
    public static IReadOnlyList<string> DashboardMetricNames() =>
        DashboardQueries().SelectMany(MetricNamesIn).Distinct().Order(StringComparer.Ordinal).ToList();

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
