using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orders.Domain;

namespace Orders.WriteSide.Diagnostics;

/// <summary>
/// The write side's metrics (meter <c>Orders.Cluster</c>), per node: commands by outcome, how long the journal took
/// to store a command's events, and how many order actors live here now.
/// </summary>
public static class OrderMetrics
{
    public const string MeterName = "Orders.Cluster";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Tags: <c>command</c> (create-order, pay-order, …), <c>outcome</c> (accepted, replayed, rejected, refused, fenced, failed), <c>code</c> for rejections.</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("orders.commands", "commands", "Commands handled by order actors");

    public static readonly Histogram<double> PersistDuration =
        Meter.CreateHistogram<double>("orders.persist.duration", "ms", "From a command's events being handed to the journal to their being stored");

    private static long _activeOrders;

    /// <summary>
    /// A gauge read at each collection rather than an up-down counter: a collector that starts listening late (or one
    /// of several hosts in a process) still sees the true number.
    /// </summary>
    public static readonly ObservableGauge<long> ActiveOrders =
        Meter.CreateObservableGauge("orders.entities.active", () => Interlocked.Read(ref _activeOrders), "orders", "Order actors running in this process");

    public static void OrderStarted() => Interlocked.Increment(ref _activeOrders);

    public static void OrderStopped() => Interlocked.Decrement(ref _activeOrders);

    public static void Count(IOrderCommand command, string outcome, string? code = null)
    {
        var tags = new TagList { { "command", CommandName(command) }, { "outcome", outcome } };
        if (code is not null)
        {
            tags.Add("code", code);
        }

        Commands.Add(1, tags);
    }

    public static string CommandName(IOrderCommand command) => command switch
    {
        CreateOrder => "create-order",
        AddOrderLine => "add-order-line",
        RemoveOrderLine => "remove-order-line",
        PayOrder => "pay-order",
        ShipOrder => "ship-order",
        DeliverOrder => "deliver-order",
        CancelOrder => "cancel-order",
        _ => "other",
    };
}
