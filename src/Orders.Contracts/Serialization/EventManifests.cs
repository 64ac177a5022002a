using System.Collections.Frozen;
using Orders.Contracts.Serialization.Upcasting;
using Orders.Domain;

namespace Orders.Contracts.Serialization;

/// <summary>
/// The stable names under which stored payloads are written, and how every name ever written is read today.
/// A name is never reused or deleted: a changed shape or meaning gets a new version and an upcaster
/// (docs/schema-evolution.md), so that every event ever written stays readable.
/// </summary>
public static class EventManifests
{
    public const string OrderCreatedV1 = "order-created.v1";
    public const string OrderCreatedV2 = "order-created.v2";
    public const string OrderLineAddedV1 = "order-line-added.v1";
    public const string OrderLineRemovedV1 = "order-line-removed.v1";
    public const string OrderPaidV1 = "order-paid.v1";
    public const string OrderPaidV2 = "order-paid.v2";
    public const string OrderShippedV1 = "order-shipped.v1";
    public const string OrderDeliveredV1 = "order-delivered.v1";
    public const string OrderCancelledV1 = "order-cancelled.v1";
    public const string OrderSnapshotV1 = "order-snapshot.v1";
    public const string OrderSnapshotV2 = "order-snapshot.v2";

    /// <summary>The manifest written for each type today.</summary>
    public static readonly FrozenDictionary<Type, string> Current = new Dictionary<Type, string>
    {
        [typeof(OrderCreated)] = OrderCreatedV2,
        [typeof(OrderLineAdded)] = OrderLineAddedV1,
        [typeof(OrderLineRemoved)] = OrderLineRemovedV1,
        [typeof(OrderPaid)] = OrderPaidV2,
        [typeof(OrderShipped)] = OrderShippedV1,
        [typeof(OrderDelivered)] = OrderDeliveredV1,
        [typeof(OrderCancelled)] = OrderCancelledV1,
        [typeof(OrderState)] = OrderSnapshotV2,
    }.ToFrozenDictionary();

    /// <summary>Every manifest that can be read: the current ones as they are, the older ones through their upcasters.</summary>
    public static readonly FrozenDictionary<string, StoredForm> Readable = Current
        .ToDictionary(pair => pair.Value, pair => StoredForm.Current(pair.Key))
        .Concat(new Dictionary<string, StoredForm>
        {
            [OrderCreatedV1] = StoredForm.Upcasting<OrderCreatedV1>(v1 => v1.Upcast()),
            [OrderPaidV1] = StoredForm.Upcasting<OrderPaidV1>(v1 => v1.Upcast()),
            [OrderSnapshotV1] = StoredForm.Upcasting<OrderState>(Upcasting.OrderSnapshotV1.Upcast),
        })
        .ToFrozenDictionary();
}
