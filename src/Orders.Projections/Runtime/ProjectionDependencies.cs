using Orders.Contracts.Configuration;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>What every projection worker of a node shares: its stores and settings.</summary>
public sealed record ProjectionDependencies(
    ProjectionCommitter Committer,
    ProjectionOffsets Offsets,
    ProjectionStatusStore Status,
    JournalTables Journal,
    ProjectionSettings Settings)
{
    public static ProjectionDependencies Create(OrdersSettings settings, ReadModelStore store, TimeProvider clock)
    {
        var offsets = new ProjectionOffsets(store, clock);
        return new ProjectionDependencies(
            new ProjectionCommitter(store, offsets), offsets, new ProjectionStatusStore(store, clock),
            new JournalTables(store.Database), settings.Projections);
    }
}
