using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace Orders.Contracts.Database.Plugins;

/// <summary>
/// Akka.Persistence.Sql's snapshot store, which first asks with one plain statement whether the persistence id has a
/// snapshot at all (<see cref="RecoveryQueries"/>). Most recoveries are of orders that have none — every new order's
/// first command recovers one — and they end there; the others load through the plugin as before, with its answers
/// (it reads the criteria's maximums and ignores their minimums; so does this). Saving and deleting are the plugin's own.
/// </summary>
public sealed class OrdersSnapshotStore : SqlSnapshotStore
{
    private readonly RecoveryQueries? _queries;

    public OrdersSnapshotStore(Config snapshotConfig)
        : base(snapshotConfig)
    {
        _queries = RecoveryQueries.ForSnapshots(snapshotConfig);
    }

    protected override async Task<SelectedSnapshot?> LoadAsync(
        string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        if (_queries is not null && await _queries.NewestSnapshotSequenceNrAsync(persistenceId, cancellationToken) is null)
        {
            return null;
        }

        return await base.LoadAsync(persistenceId, criteria, cancellationToken);
    }
}
