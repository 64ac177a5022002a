using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Cluster.Diagnostics;

namespace Orders.Cluster.Hosting;

/// <summary>
/// OpenTelemetry for every host (gateway and node): the Orders meters and activity source, shard statistics,
/// and — when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set — OTLP export of traces and metrics to a collector.
/// Hosts add their own exporters and instrumentation (the gateway: ASP.NET Core and <c>/metrics</c>).
/// </summary>
public static class OrdersTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OpenTelemetryBuilder AddOrdersTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, params string[] meters)
    {
        services.AddHostedService<ShardDistribution>();
        var otlp = ExportsTraces(configuration);
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([OrderMetrics.MeterName, "Orders.Projections", .. meters]);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            // Spans are made only when something listens: with no collector configured, none are (an in-process
            // ActivityListener, as the tests use, still sees them all).
            .WithTracing(tracing =>
            {
                if (otlp)
                {
                    tracing.AddSource(OrdersTracing.SourceName).AddOtlpExporter();
                }
            });
    }

    /// <summary>Whether traces are exported (and so worth recording): an OTLP endpoint is configured.</summary>
    public static bool ExportsTraces(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
}
