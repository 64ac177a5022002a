using Microsoft.Extensions.Logging;

namespace Orders.Contracts.Diagnostics;

/// <summary>
/// The properties every log line about an order carries (<c>OrderId</c>, and <c>CommandId</c> when the command had
/// one), as a logging scope: structured sinks (the JSON console formatter, OpenTelemetry) get them as fields.
/// </summary>
public static class OrderLogScope
{
    public static IDisposable? BeginOrderScope(this ILogger logger, string orderId, string? commandId = null) =>
        logger.BeginScope(commandId is null
            ? new Dictionary<string, object?> { ["OrderId"] = orderId }
            : new Dictionary<string, object?> { ["OrderId"] = orderId, ["CommandId"] = commandId });
}
