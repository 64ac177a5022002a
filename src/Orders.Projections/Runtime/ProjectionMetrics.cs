using System.Diagnostics.Metrics;

namespace Orders.Projections.Runtime;

/// <summary>The read side's metrics (System.Diagnostics.Metrics, meter <c>Orders.Projections</c>).</summary>
public static class ProjectionMetrics
{
    /// <summary>The meter's name; a host adds it to its metrics provider.</summary>
    public const string MeterName = "Orders.Projections";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Events the backtracking pass found that the live stream had missed (late commits).</summary>
    public static readonly Counter<long> BacktrackingRecovered =
        Meter.CreateCounter<long>("orders.projection.backtracking.recovered", "events");

    /// <summary>
    /// Events the backtracking pass read again because no read of this worker had settled them: late commits, and
    /// the window behind a worker's start. Near zero on a steady service.
    /// </summary>
    public static readonly Counter<long> BacktrackingReread =
        Meter.CreateCounter<long>("orders.projection.backtracking.reread", "events");

    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>("orders.projection.events.applied", "events");
}
