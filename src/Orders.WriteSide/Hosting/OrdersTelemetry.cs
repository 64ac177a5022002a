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
/// side's <c>ProjectionMetrics.MeterName</c>, the gateway's own), .NET's runtime metrics, Npgsql's metrics, the Orders
/// activity source, shard statistics, and — when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set — OTLP export of traces
/// (Npgsql's statements among them) and metrics to a collector.
/// Hosts add their own exporters and instrumentation (the gateway: ASP.NET Core and <c>/metrics</c>).
/// </summary>
public static class OrdersTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>.NET's own runtime metrics (GC, heap, thread pool, CPU, JIT), built into .NET 9 and later.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Npgsql's own meter and activity source (connection pool use, commands, their duration): what the
    /// Npgsql.OpenTelemetry package registers. Idle on SQLite and SQL Server.
    /// </summary>
    public const string NpgsqlSource = "Npgsql";

    /// <param name="tracing">The host's own trace instrumentation, added with the Orders source when traces are exported.</param>
    public static OpenTelemetryBuilder AddOrdersTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, IEnumerable<string>? meters = null,
        Action<TracerProviderBuilder>? tracing = null)
    {
        services.AddSingleton<ShardDistribution>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardDistribution>());
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([OrderMetrics.MeterName, RuntimeMeter, NpgsqlSource, .. meters ?? []]);
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
                traces.AddSource(OrdersTracing.SourceName, NpgsqlSource).AddOtlpExporter();
                tracing?.Invoke(traces);
            })
            : telemetry;
    }
}
