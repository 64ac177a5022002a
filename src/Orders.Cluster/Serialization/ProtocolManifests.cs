using System.Collections.Frozen;
using Orders.Cluster.Actors;
using Orders.Cluster.Tagging;
using Orders.Domain;

namespace Orders.Cluster.Serialization;

/// <summary>
/// The names of the messages nodes send each other (commands and their replies between the gateway and the order
/// shards, state queries, slice announcements, projection control requests). Never stored, but nodes of two releases talk during a rolling
/// upgrade, so they follow the events' rule: a changed shape gets a new version, a name is never reused.
/// </summary>
public static class ProtocolManifests
{
    public static readonly FrozenDictionary<Type, string> Current = new Dictionary<Type, string>
    {
        [typeof(CreateOrder)] = "create-order.v2",
        [typeof(AddOrderLine)] = "add-order-line.v1",
        [typeof(RemoveOrderLine)] = "remove-order-line.v1",
        [typeof(PayOrder)] = "pay-order.v2",
        [typeof(ShipOrder)] = "ship-order.v1",
        [typeof(DeliverOrder)] = "deliver-order.v1",
        [typeof(CancelOrder)] = "cancel-order.v1",
        [typeof(GetOrderState)] = "get-order-state.v1",
        [typeof(CommandAccepted)] = "command-accepted.v1",
        [typeof(CommandRejected)] = "command-rejected.v1",
        [typeof(CommandFailed)] = "command-failed.v1",
        [typeof(CommandRefused)] = "command-refused.v1",
        [typeof(SliceAdvanced)] = "slice-advanced.v1",
        [typeof(ProjectionControlRequested)] = "projection-control-requested.v1",
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, Type> Readable =
        Current.ToDictionary(pair => pair.Value, pair => pair.Key).ToFrozenDictionary();
}
