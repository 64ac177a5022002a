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
    public static readonly string Folder = Path.Combine(ServiceProcess.RepositoryFolder, "deploy", "prometheus");

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
        Assert.All(AlertNames(), alert => Assert.Contains($"alertname: {alert}", tests));
    }

    /// <summary>The alerts of the rules file, by name.</summary>
    public static IReadOnlyList<string> AlertNames() =>
        Regex.Matches(File.ReadAllText(Path.Combine(Folder, "orders-alerts.yml")), @"^\s*- alert: (\w+)", RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value).ToList();

    /// <summary>The service's metrics that the rules' expressions name (Prometheus' own <c>up</c> aside).</summary>
    public static IReadOnlyList<string> MetricNames() =>
        Regex.Matches(File.ReadAllText(Path.Combine(Folder, "orders-alerts.yml")), @"\b(orders_[a-z_]+)\b")
            .Select(match => match.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

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
