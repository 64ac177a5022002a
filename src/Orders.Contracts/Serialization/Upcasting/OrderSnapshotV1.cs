using Orders.Domain;

namespace Orders.Contracts.Serialization.Upcasting;

/// <summary>
/// <c>order-snapshot.v1</c>: the order state before sales channels and payment references. Its JSON is a subset
/// of today's <see cref="OrderState"/>, so it is read as one and completed the way the v1 events are upcast.
/// (Snapshots are a cache of the journal: when a future state no longer reads a v1 snapshot as a subset,
/// freeze the v1 shape as a record here, as for the events.)
/// </summary>
public static class OrderSnapshotV1
{
    /// <summary>Completes a state written before version 2; a state that has its sales channel is returned as is.</summary>
    public static OrderState Upcast(OrderState state) =>
        state.Exists && state.SalesChannel is null ? state with { SalesChannel = SalesChannels.Default } : state;
}
