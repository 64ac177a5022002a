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
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
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
            .WithTracing(tracing =>
            {
                tracing.AddSource(OrdersTracing.SourceName);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
    }
}
