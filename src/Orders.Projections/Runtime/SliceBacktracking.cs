using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Orders.Projections.Runtime;

/// <summary>
/// The SQL read journal moves past a missing ordering number after a bounded wait (<c>GapWait</c>); a transaction
/// that commits later than that would be lost to the live read. One pass re-reads the slice's events between an
/// earlier offset and the projections' current ones, once for all of them, and commits to each projection only the
/// events it has not applied (found by its per-order versions); events already applied fall away as duplicates.
/// </summary>
public static class SliceBacktracking
{
    /// <returns>
    /// Events each projection had missed and now applied, and the projections whose commits failed (each failure
    /// ends that projection's part of the pass, not the others').
    /// </returns>
    public static async Task<(IReadOnlyDictionary<IProjection, long> Recovered, IReadOnlyDictionary<IProjection, Exception> Failures)> RunAsync(
        ProjectionDependencies deps, int slice, string tag, IReadOnlyList<(IProjection Projection, long Offset)> projections, long from,
        SqlReadJournal journal, IMaterializer materializer, CancellationToken cancellationToken)
    {
        var recovered = projections.ToDictionary(p => p.Projection, _ => 0L);
        var failures = new Dictionary<IProjection, Exception>();
        // Events beyond a projection's offset are its live read's to apply, not this pass's.
        var upTo = projections.Min(p => p.Offset);
        if (upTo <= from)
        {
            return (recovered, failures);
        }

        await journal
            .CurrentEventsByTag(tag, Offset.Sequence(from))
            .TakeWhile(envelope => ((Sequence)envelope.Offset).Value <= upTo)
            .Grouped(deps.Settings.BatchSize)
            .SelectAsync(1, async batch =>
            {
                var events = batch.ToList();
                foreach (var (projection, _) in projections.Where(p => !failures.ContainsKey(p.Projection)))
                {
                    try
                    {
                        recovered[projection] += (await deps.Committer.CommitMissedAsync(projection, slice, events, cancellationToken)).Applied;
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        failures[projection] = error;
                    }
                }

                return events.Count;
            })
            .RunWith(Sink.Ignore<int>(), materializer);
        foreach (var (projection, count) in recovered.Where(r => r.Value > 0))
        {
            ProjectionMetrics.BacktrackingRecovered.Add(count, [new("projection", projection.Name), new("slice", slice)]);
            await deps.Status.AddRecoveredAsync(projection.Name, slice, count, cancellationToken);
        }

        return (recovered, failures);
    }
}
