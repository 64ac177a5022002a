using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Contracts.Diagnostics;
using Orders.WriteSide.Diagnostics;

namespace Orders.WriteSide.Hosting;

/// <summary>
/// OpenTelemetry for every host (gateway and node): the write side's meter, the meters the host names (the read
/// side's <c>ProjectionMetrics.MeterName</c>, the gateway's own), the Orders activity source, shard statistics,
/// and — when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set — OTLP export of traces and metrics to a collector.
/// Hosts add their own exporters and instrumentation (the gateway: ASP.NET Core and <c>/metrics</c>).
/// </summary>
public static class OrdersTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="tracing">The host's own trace instrumentation, added with the Orders source when traces are exported.</param>
    public static OpenTelemetryBuilder AddOrdersTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, IEnumerable<string>? meters = null,
        Action<TracerProviderBuilder>? tracing = null)
    {
        services.AddHostedService<ShardDistribution>();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([OrderMetrics.MeterName, .. meters ?? []]);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        // Spans are made only when they are exported: with no collector configured there is no tracer at all (an
        // in-process ActivityListener, as the tests use, still sees them).
        return otlp
            ? telemetry.WithTracing(traces =>
            {
                traces.AddSource(OrdersTracing.SourceName).AddOtlpExporter();
                tracing?.Invoke(traces);
            })
            : telemetry;
    }
}
