using System.Collections.Frozen;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;

namespace Orders.Contracts.Serialization;

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

    /// <summary>
    /// A command that carries the caller's customer (<see cref="CommandMetadata.ActingCustomer"/>) goes under a manifest of
    /// its own: a node of an earlier release, which would drop that field and skip the ownership check, refuses it
    /// loudly instead (the caller gets 503 and may retry), while unscoped commands keep flowing during the upgrade.
    /// </summary>
    public static readonly FrozenDictionary<Type, string> Scoped = new Dictionary<Type, string>
    {
        [typeof(CreateOrder)] = "create-order.v3",
        [typeof(AddOrderLine)] = "add-order-line.v2",
        [typeof(RemoveOrderLine)] = "remove-order-line.v2",
        [typeof(PayOrder)] = "pay-order.v3",
        [typeof(ShipOrder)] = "ship-order.v2",
        [typeof(DeliverOrder)] = "deliver-order.v2",
        [typeof(CancelOrder)] = "cancel-order.v2",
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, Type> Readable =
        Current.Concat(Scoped).ToDictionary(pair => pair.Value, pair => pair.Key).ToFrozenDictionary();

    /// <summary>The manifest a message goes under, or null for a type that is not a message between nodes.</summary>
    public static string? Of(object message) =>
        message is IOrderCommand { Metadata.ActingCustomer: not null } && Scoped.TryGetValue(message.GetType(), out var scoped)
            ? scoped
            : Current.GetValueOrDefault(message.GetType());
}
