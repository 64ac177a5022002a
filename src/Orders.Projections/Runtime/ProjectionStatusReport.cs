using Orders.Contracts.Tagging;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>Each worker's status joined with its slice's backlog in the journal: head, lag in events and in seconds.</summary>
public sealed class ProjectionStatusReport(ProjectionStatusStore status, JournalTables journal, TimeProvider clock)
{
    public Task<IReadOnlyList<WorkerStatus>> ReadAsync(CancellationToken cancellationToken = default) => ReadAsync(_ => true, cancellationToken);

    /// <summary>The workers of the slices <paramref name="includeSlice"/> accepts (their backlogs are the only ones asked).</summary>
    public async Task<IReadOnlyList<WorkerStatus>> ReadAsync(Func<int, bool> includeSlice, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var workers = new List<WorkerStatus>();
        foreach (var row in (await status.ReadAllAsync(cancellationToken)).Where(row => includeSlice(row.Slice)))
        {
            var backlog = await journal.BacklogAsync(OrderTags.ForSlice(row.Slice), row.Offset, cancellationToken);
            var lagSeconds = backlog.OldestPendingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
            workers.Add(new WorkerStatus(row.Projection, row.Slice, row.State, row.DesiredState, row.Offset, backlog.Head,
                backlog.Events, Math.Round(lagSeconds, 3), row.LastError, row.ErrorPersistenceId, row.ErrorSequenceNr,
                row.RecoveredEvents, row.UpdatedAt));
        }

        return workers;
    }
}
