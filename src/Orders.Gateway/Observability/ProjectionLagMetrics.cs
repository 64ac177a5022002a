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
/// It also keeps the last <see cref="HistoryLength"/> of lag per projection (<see cref="History"/>), which the
/// operator console draws.
/// </summary>
public sealed class ProjectionLagMetrics : BackgroundService
{
    public const string MeterName = "Orders.Projections.Status";
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HistoryLength = TimeSpan.FromMinutes(10);

    private readonly ProjectionStatusReport _report;
    private readonly ILogger<ProjectionLagMetrics> _log;
    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ProjectionLagMetrics, byte> Running = new();
    private readonly TimeProvider _clock;
    private volatile IReadOnlyList<WorkerStatus> _workers = [];
    private volatile IReadOnlyList<LagSample> _history = [];

    static ProjectionLagMetrics()
    {
        Meter.CreateObservableGauge("orders.projection.lag", () => Measure(w => w.LagEvents), "events", "Events of the worker's slice not yet applied");
        Meter.CreateObservableGauge("orders.projection.age", () => Measure(w => w.LagSeconds), "s", "Age of the oldest event of the worker's slice not yet applied");
        Meter.CreateObservableGauge("orders.projection.recovered", () => Measure(w => w.RecoveredEvents), "events", "Events applied by backtracking, in all");
        // 1 while an operator has asked the worker to pause (a paused worker is behind on purpose: alerts leave it out).
        Meter.CreateObservableGauge("orders.projection.paused", () => Measure(w => w.DesiredState == ProjectionState.Paused ? 1 : 0), "",
            "1 while the worker is asked to pause, else 0");
    }

    public ProjectionLagMetrics(ProjectionStatusReport report, TimeProvider clock, ILogger<ProjectionLagMetrics> log)
    {
        _report = report;
        _clock = clock;
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
                Record(_workers);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                _log.LogWarning("Projection lag metrics not refreshed: {Error}", error.Message);
            }

            // Until the workers have registered (a service starting), look again soon.
            await Task.Delay(_workers.Count == 0 ? TimeSpan.FromSeconds(1) : RefreshEvery, stoppingToken);
        }
    }

    /// <summary>Events not yet applied per projection (its slices summed), oldest sample first, over the last <see cref="HistoryLength"/>.</summary>
    public IReadOnlyList<LagSample> History => _history;

    private void Record(IReadOnlyList<WorkerStatus> workers)
    {
        var now = _clock.GetUtcNow();
        var sample = new LagSample(now, workers.GroupBy(worker => worker.Projection)
            .ToDictionary(group => group.Key, group => group.Sum(worker => worker.LagEvents), StringComparer.Ordinal));
        _history = [.. _history.Where(old => now - old.At <= HistoryLength), sample];
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

/// <summary>Lag in events per projection at one moment.</summary>
public sealed record LagSample(DateTimeOffset At, IReadOnlyDictionary<string, long> LagByProjection);
