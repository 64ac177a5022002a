using System.Collections.Frozen;
using Orders.Domain;

namespace Orders.Cluster.Serialization;

/// <summary>
/// The stable names under which stored payloads are written. A name is never reused or deleted: a changed
/// shape gets a new version and an upcaster, so that every event ever written stays readable.
/// </summary>
public static class EventManifests
{
    public const string OrderCreatedV1 = "order-created.v1";
    public const string OrderLineAddedV1 = "order-line-added.v1";
    public const string OrderLineRemovedV1 = "order-line-removed.v1";
    public const string OrderPaidV1 = "order-paid.v1";
    public const string OrderShippedV1 = "order-shipped.v1";
    public const string OrderDeliveredV1 = "order-delivered.v1";
    public const string OrderCancelledV1 = "order-cancelled.v1";
    public const string OrderSnapshotV1 = "order-snapshot.v1";

    /// <summary>The manifest written for each type today.</summary>
    public static readonly FrozenDictionary<Type, string> Current = new Dictionary<Type, string>
    {
        [typeof(OrderCreated)] = OrderCreatedV1,
        [typeof(OrderLineAdded)] = OrderLineAddedV1,
        [typeof(OrderLineRemoved)] = OrderLineRemovedV1,
        [typeof(OrderPaid)] = OrderPaidV1,
        [typeof(OrderShipped)] = OrderShippedV1,
        [typeof(OrderDelivered)] = OrderDeliveredV1,
        [typeof(OrderCancelled)] = OrderCancelledV1,
        [typeof(OrderState)] = OrderSnapshotV1,
    }.ToFrozenDictionary();

    /// <summary>Every manifest that can be read, with the type it is read as.</summary>
    public static readonly FrozenDictionary<string, Type> Readable =
        Current.ToDictionary(pair => pair.Value, pair => pair.Key).ToFrozenDictionary();
}
