using System.Diagnostics;
using System.Text.RegularExpressions;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// <c>deploy/prometheus/</c>: the scrape configuration is valid, and every alert rule passes its unit tests
/// (<c>orders-alerts.test.yml</c>), both checked by Prometheus' own <c>promtool</c> (Debian's prometheus package;
/// <c>build.ps1 test</c> installs it when it runs as root on Debian). Without promtool the tests are skipped — except
/// under CI, which always has it: there they fail.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string Folder = MonitoringDefinitions.PrometheusFolder;

    [SkippableFact]
    public async Task The_scrape_configuration_and_the_alert_rules_are_valid()
    {
        var (exit, output) = await PromtoolAsync("check", "config", "prometheus.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 6 rules found", output);
    }

    [SkippableFact]
    public async Task Every_alert_fires_on_what_it_names_and_stays_quiet_on_a_healthy_service()
    {
        var (exit, output) = await PromtoolAsync("test", "rules", "orders-alerts.test.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
        // Each alert of the rules file has a case of its own in the tests.
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "orders-alerts.test.yml"));
        Assert.All(MonitoringDefinitions.AlertNames(), alert => Assert.Contains($"alertname: {alert}", tests));
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            const string reason = "promtool is not installed: install Debian's prometheus package "
                                  + "('dotnet pwsh build.ps1 test' does it when it runs as root on Debian)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI always has promtool, but " + reason);
            }

            throw new SkipException(reason);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
    }
}
