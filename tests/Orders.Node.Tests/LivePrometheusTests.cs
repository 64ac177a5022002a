using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orders.Contracts.Configuration;
using Orders.Testing;

namespace Orders.Node.Tests;

/// <summary>
/// Prometheus itself (Debian's package, the one <c>build.ps1</c> installs) scraping a running cluster on loopback —
/// three nodes and a gateway over PostgreSQL, under load — with <c>deploy/prometheus/orders-alerts.yml</c>:
/// every series the alert rules and the Grafana dashboard read exists, and a projection that stops applying while
/// commands go on fires <c>OrdersProjectionStalled</c>, while one an operator paused does not. The rules are the
/// shipped ones with their durations divided by ten (3m windows become 18s, 2m waits 12s) and Prometheus scrapes and
/// evaluates every second, so the alert fires in seconds instead of minutes; the expressions are unchanged.
/// </summary>
public sealed class LivePrometheusTests(ITestOutputHelper output) : TestWithResources
{
    [SkippableFact]
    public async Task Every_series_the_rules_and_the_dashboard_read_exists_and_a_stalled_projection_fires_the_stall_alert()
    {
        var binary = PrometheusBinary();
        using var stop = new CancellationTokenSource();
        var cluster = Track(await LoopbackCluster.StartAsync(Track(TestDatabases.Create(DatabaseProvider.PostgreSql)), output));
        var load = new CommandLoad(cluster.Http, TimeSpan.FromSeconds(60));
        var running = load.RunAsync(2, "prom", stop.Token);

        var port = ServiceProcess.FreePort();
        var folder = WriteConfiguration(cluster, port);
        ServiceProcess? prometheus = null;
        try
        {
            prometheus = ServiceProcess.StartProgram(binary,
                ["--config.file=prometheus.yml", "--storage.tsdb.path=data", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                "prometheus", output, folder);
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

            // Every target is scraped, and every metric a rule or a panel names has series.
            var named = MonitoringDefinitions.AlertMetricNames().Concat(MonitoringDefinitions.DashboardMetricNames()).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Contains("orders_projection_age_seconds", named);
            Assert.Contains("orders_persist_duration_milliseconds_bucket", named);
            await Eventually.Holds(async () =>
            {
                var targets = (await GetDataAsync(api, "/api/v1/targets")).GetProperty("activeTargets").EnumerateArray().ToList();
                Assert.Equal(4, targets.Count);
                Assert.All(targets, target => Assert.Equal("up", target.GetProperty("health").GetString()));
                foreach (var metric in named)
                {
                    Assert.True(await SeriesAsync(api, metric) > 0, $"Prometheus has no series of {metric}");
                }
            }, TimeSpan.FromSeconds(90));
            output.WriteLine($"Prometheus holds series of all {named.Count} metrics: {string.Join(", ", named)}");

            // Healthy under load: the stall alert is not even pending over more than a whole (scaled) window and wait.
            var healthyUntil = Stopwatch.StartNew();
            while (healthyUntil.Elapsed < TimeSpan.FromSeconds(35))
            {
                Assert.DoesNotContain(await AlertsAsync(api), alert => alert.Name == "OrdersProjectionStalled");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            // An operator pauses customer_orders; order_summary stops applying because its table is held locked.
            Assert.True((await cluster.Http.PostAsync("/projections/customer_orders/pause", null)).IsSuccessStatusCode);
            await using var holder = new Npgsql.NpgsqlConnection(HoldingConnection.For(DatabaseProvider.PostgreSql, cluster.Database.ReadModelConnectionString));
            await holder.OpenAsync();
            await using var lockTransaction = await holder.BeginTransactionAsync();
            await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE order_summary IN ACCESS EXCLUSIVE MODE", holder, lockTransaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var stalledAt = Stopwatch.StartNew();
            var acknowledgedAtStall = load.Acknowledged.Count;
            IReadOnlyList<Alert> alerts = [];
            await Eventually.Holds(async () =>
            {
                alerts = await AlertsAsync(api);
                Assert.DoesNotContain(alerts, alert => alert.Name == "OrdersProjectionStalled" && alert.Projection == "customer_orders");
                Assert.Contains(alerts, alert => alert is { Name: "OrdersProjectionStalled", Projection: "order_summary", State: "firing" });
            }, TimeSpan.FromSeconds(120));
            output.WriteLine($"OrdersProjectionStalled fired {stalledAt.Elapsed.TotalSeconds:F0} s after order_summary stopped; alerts then: "
                             + string.Join(", ", alerts.Select(alert => $"{alert.Name}({alert.Projection}/{alert.Slice}) {alert.State}")));
            // Under load: commands went on while the projection stood still.
            Assert.True(load.Acknowledged.Count > acknowledgedAtStall + 10, $"{load.Acknowledged.Count - acknowledgedAtStall} commands acknowledged during the stall");
            Assert.DoesNotContain(await AlertsAsync(api), alert => alert.Name == "OrdersProjectionStalled" && alert.Projection == "customer_orders");

            await lockTransaction.RollbackAsync();
            Assert.True((await cluster.Http.PostAsync("/projections/customer_orders/resume", null)).IsSuccessStatusCode);
            Assert.False(prometheus.HasExited, "Prometheus exited");
        }
        finally
        {
            // The load stops and Prometheus' data goes, whatever happened above.
            stop.Cancel();
            await running;
            prometheus?.Dispose();
            Directory.Delete(folder, recursive: true);
        }

        Assert.Empty(load.GaveUp);
    }

    private sealed record Alert(string Name, string? Projection, string? Slice, string State);

    /// <summary>The Prometheus binary; skipped where it is not installed, except under CI, which always has it.</summary>
    private static string PrometheusBinary()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "prometheus")).FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        const string reason = "prometheus is not installed: install Debian's prometheus package "
                              + "('dotnet pwsh build.ps1 test' does it when it runs as root on Debian)";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason);
        Skip.If(true, reason);
        return "";
    }

    /// <summary>
    /// A folder with the shipped alert rules, their durations divided by ten, and a scrape configuration for this
    /// cluster's gateway and nodes under the job names of <c>deploy/prometheus/prometheus.yml</c>.
    /// </summary>
    private static string WriteConfiguration(LoopbackCluster cluster, int port)
    {
        var folder = Directory.CreateTempSubdirectory("orders-prometheus-").FullName;
        var rules = File.ReadAllText(MonitoringDefinitions.AlertRulesFile);
        var scaled = Regex.Replace(rules, @"\[(\d+)m\]", match => $"[{int.Parse(match.Groups[1].Value) * 6}s]");
        scaled = Regex.Replace(scaled, @"for: (\d+)m\b", match => $"for: {int.Parse(match.Groups[1].Value) * 6}s");
        Assert.NotEqual(rules, scaled);
        Assert.DoesNotMatch(@"\[\d+m\]|for: \d+m\b", scaled);
        File.WriteAllText(Path.Combine(folder, "orders-alerts.yml"), scaled);
        var shipped = File.ReadAllText(Path.Combine(MonitoringDefinitions.PrometheusFolder, "prometheus.yml"));
        Assert.Contains("job_name: orders-gateway", shipped);
        Assert.Contains("job_name: orders-node", shipped);
        var nodes = string.Join(", ", cluster.NodeMetricsPorts.Select(node => $"\"127.0.0.1:{node}\""));
        File.WriteAllText(Path.Combine(folder, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - orders-alerts.yml
            scrape_configs:
              - job_name: orders-gateway
                static_configs:
                  - targets: ["{{cluster.Http.BaseAddress!.Authority}}"]
              - job_name: orders-node
                static_configs:
                  - targets: [{{nodes}}]
            """);
        return folder;
    }

    private static async Task<JsonElement> GetDataAsync(HttpClient api, string path)
    {
        var answer = await api.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("data");
    }

    private static async Task<int> SeriesAsync(HttpClient api, string metric) =>
        (await GetDataAsync(api, $"/api/v1/series?match[]={Uri.EscapeDataString(metric)}")).GetArrayLength();

    private static async Task<IReadOnlyList<Alert>> AlertsAsync(HttpClient api) =>
        (await GetDataAsync(api, "/api/v1/alerts")).GetProperty("alerts").EnumerateArray().Select(alert =>
        {
            var labels = alert.GetProperty("labels");
            string? Label(string name) => labels.TryGetProperty(name, out var value) ? value.GetString() : null;
            return new Alert(Label("alertname")!, Label("projection"), Label("slice"), alert.GetProperty("state").GetString()!);
        }).ToList();
}
