using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;

namespace Orders.Node;

/// <summary>The <c>Orders:Node</c> section: what a headless node serves besides cluster traffic.</summary>
public sealed class NodeSettings
{
    public const string SectionName = "Orders:Node";

    /// <summary>Serve Prometheus metrics on this port (<c>/metrics</c>). Default: none, no listener.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// The host name the metrics listener answers to: requests addressed to any other name are refused, so use the
    /// name (or IP) Prometheus dials, e.g. <c>node1</c> in docker-compose. Default: 127.0.0.1.
    /// </summary>
    public string MetricsHost { get; set; } = "127.0.0.1";
}

/// <summary>Checks <see cref="NodeSettings"/> at start; each message names its key.</summary>
public sealed class NodeSettingsValidation : IValidateOptions<NodeSettings>
{
    public ValidateOptionsResult Validate(string? name, NodeSettings options)
    {
        List<string> problems = [.. options.MetricsPort is { } port ? SettingRules.Port($"{NodeSettings.SectionName}:MetricsPort", port, anyFree: false) : []];

        if (string.IsNullOrWhiteSpace(options.MetricsHost) || options.MetricsHost is "0.0.0.0" or "*" or "+" or "::")
        {
            problems.Add($"{NodeSettings.SectionName}:MetricsHost must be the name or address Prometheus dials (the listener answers "
                         + $"that name only), not '{options.MetricsHost}'");
        }

        return SettingRules.Result(problems);
    }
}
