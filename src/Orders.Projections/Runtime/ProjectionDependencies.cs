using Orders.Contracts.Configuration;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>What every projection worker of a node shares: its stores, settings, and where the journal is free of gaps.</summary>
public sealed record ProjectionDependencies(
    ProjectionCommitter Committer,
    ProjectionOffsets Offsets,
    ProjectionStatusStore Status,
    JournalTables Journal,
    ProjectionSettings Settings,
    JournalFrontier Frontier)
{
    public static ProjectionDependencies Create(OrdersSettings settings, ReadModelStore store, TimeProvider clock)
    {
        var offsets = new ProjectionOffsets(store, clock);
        var journal = new JournalTables(store.Database);
        return new ProjectionDependencies(
            new ProjectionCommitter(store, offsets), offsets, new ProjectionStatusStore(store, clock),
            journal, settings.Projections, new JournalFrontier(journal, settings.Projections.GapWait, clock));
    }
}
