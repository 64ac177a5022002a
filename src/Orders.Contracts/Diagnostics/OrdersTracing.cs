using System.Diagnostics;

namespace Orders.Contracts.Diagnostics;

/// <summary>
/// Traces (activity source <c>Orders</c>): the gateway's <c>orders.command</c> (the Ask), the order actor's
/// <c>orders.persist</c> (decide and store) and each projection's <c>orders.projection.commit</c>. The trace context
/// crosses actor messages as a W3C <c>traceparent</c> string: in the command's metadata, and in the slice
/// announcement that wakes the projection workers.
/// </summary>
public static class OrdersTracing
{
    public const string SourceName = "Orders";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current activity as a W3C traceparent, or null when nothing is being traced.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    /// <summary>
    /// Starts an activity that outlives the current message (an actor's persist spans two messages) without
    /// leaving it as <see cref="Activity.Current"/> for whatever the thread runs next.
    /// </summary>
    public static Activity? StartDetached(string name, ActivityKind kind, string? traceParent)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(name, kind, ParentFrom(traceParent));
        Activity.Current = previous;
        return activity;
    }

    /// <summary>Stops an activity started by <see cref="StartDetached"/>, leaving <see cref="Activity.Current"/> as it was.</summary>
    public static void StopDetached(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        var previous = Activity.Current;
        activity.Stop();
        Activity.Current = previous;
    }
}
