using Orders.Projections.Schema;

namespace Orders.Projections.Runtime;

/// <summary>The tables the projection runtime keeps for every projection: offsets, per-order states, status.</summary>
public static class RuntimeTables
{
    private static readonly ReadColumn Projection = new("projection", ColumnType.Text(64));
    private static readonly ReadColumn Slice = new("slice", ColumnType.Int32);

    /// <summary>The journal ordering up to which each (projection, slice) has been applied.</summary>
    public static readonly ReadTable Offsets = new("projection_offsets",
    [
        Projection, Slice,
        new("offset", ColumnType.Int64),
        new("updated_at", ColumnType.Timestamp),
    ], ["projection", "slice"]);

    /// <summary>Each order as far as each projection has applied it: the version is what makes replays harmless.</summary>
    public static readonly ReadTable OrderStates = new("projection_order_state",
    [
        Projection,
        new("order_id", ColumnType.Text(64)),
        new("version", ColumnType.Int64),
        new("state", ColumnType.LongText),
    ], ["projection", "order_id"]);

    /// <summary>What each worker reports, and what operators ask of it.</summary>
    public static readonly ReadTable Status = new("projection_status",
    [
        Projection, Slice,
        new("desired_state", ColumnType.Text(16)),
        new("state", ColumnType.Text(16)),
        new("last_error", ColumnType.LongText, Nullable: true),
        new("error_persistence_id", ColumnType.Text(255), Nullable: true),
        new("error_sequence_nr", ColumnType.Int64, Nullable: true),
        new("recovered_events", ColumnType.Int64),
        new("updated_at", ColumnType.Timestamp),
    ], ["projection", "slice"]);

    public static IReadOnlyList<ReadTable> All { get; } = [Offsets, OrderStates, Status];
}
