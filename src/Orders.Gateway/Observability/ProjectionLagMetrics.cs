using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orders.Projections.Runtime;

namespace Orders.Gateway.Observability;

/// <summary>
/// Projection lag per worker as gauges (meter <c>Orders.Projections.Status</c>): the status report that
/// <c>GET /projections</c> shows, read every <see cref="RefreshEvery"/> (not on each scrape: a scrape must not
/// query the database). The meter is static: OpenTelemetry merges instruments of the same name from every meter of
/// that name in the process, and a disposed meter would take the merged gauges with it — several hosts in one
/// process (tests) would remove each other's. Each running instance reports through it.
/// </summary>
public sealed class ProjectionLagMetrics : BackgroundService
{
    public const string MeterName = "Orders.Projections.Status";
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly ProjectionStatusReport _report;
    private readonly ILogger<ProjectionLagMetrics> _log;
    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ProjectionLagMetrics, byte> Running = new();
    private volatile IReadOnlyList<WorkerStatus> _workers = [];

    static ProjectionLagMetrics()
    {
        Meter.CreateObservableGauge("orders.projection.lag", () => Measure(w => w.LagEvents), "events", "Events of the worker's slice not yet applied");
        Meter.CreateObservableGauge("orders.projection.age", () => Measure(w => w.LagSeconds), "s", "Age of the oldest event of the worker's slice not yet applied");
        Meter.CreateObservableGauge("orders.projection.recovered", () => Measure(w => w.RecoveredEvents), "events", "Events applied by backtracking, in all");
        // 1 while an operator has asked the worker to pause (a paused worker is behind on purpose: alerts leave it out).
        Meter.CreateObservableGauge("orders.projection.paused", () => Measure(w => w.DesiredState == ProjectionState.Paused ? 1 : 0), "",
            "1 while the worker is asked to pause, else 0");
    }

    public ProjectionLagMetrics(ProjectionStatusReport report, ILogger<ProjectionLagMetrics> log)
    {
        _report = report;
        _log = log;
        Running.TryAdd(this, 0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _workers = await _report.ReadAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                _log.LogWarning("Projection lag metrics not refreshed: {Error}", error.Message);
            }

            // Until the workers have registered (a service starting), look again soon.
            await Task.Delay(_workers.Count == 0 ? TimeSpan.FromSeconds(1) : RefreshEvery, stoppingToken);
        }
    }

    public override void Dispose()
    {
        Running.TryRemove(this, out _);
        base.Dispose();
    }

    private static IEnumerable<Measurement<T>> Measure<T>(Func<WorkerStatus, T> value)
        where T : struct =>
        Running.Keys.SelectMany(metrics => metrics._workers).Select(worker => new Measurement<T>(value(worker),
            new KeyValuePair<string, object?>("projection", worker.Projection), new KeyValuePair<string, object?>("slice", worker.Slice)));
}
