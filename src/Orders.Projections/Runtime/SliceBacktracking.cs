using Akka.Persistence.Query;

namespace Orders.Projections.Runtime;

/// <summary>
/// The live read moves past a missing ordering number after a bounded wait (<c>GapWait</c>, <see cref="JournalFrontier"/>);
/// a transaction that commits later than that is lost to it. One pass looks at the slice's ordering numbers between an
/// earlier offset and the projections' current ones (from the tags table's index, no payload), and re-reads only the
/// events that a projection's reads have not settled (<see cref="SeenOrderings"/>): the ones that committed late, and
/// everything after a worker's start or a projection's join, whose reads it did not see. It commits to each projection
/// only the events it has not applied (found by its per-order versions); events already applied fall away.
/// </summary>
public static class SliceBacktracking
{
    /// <param name="deserialize">Turns a stored payload (bytes, serializer id, manifest) into its event, as the read journal does.</param>
    public static async Task<BacktrackingPass> RunAsync(
        ProjectionDependencies deps, int slice, string tag, IReadOnlyList<(IProjection Projection, long Offset, SeenOrderings Seen)> projections,
        long from, Func<byte[], int, string, object> deserialize, CancellationToken cancellationToken)
    {
        var recovered = projections.ToDictionary(p => p.Projection, _ => 0L);
        var failures = new Dictionary<IProjection, Exception>();
        // Events beyond a projection's offset are its live read's to apply, not this pass's.
        var upTo = projections.Min(p => p.Offset);
        if (upTo <= from)
        {
            return new BacktrackingPass(recovered, failures, 0);
        }

        var orderings = await deps.Journal.OrderingsAsync(tag, from, upTo, cancellationToken);
        var missing = projections.ToDictionary(p => p.Projection, p => p.Seen.Missing(orderings));
        var toRead = missing.Values.SelectMany(list => list).Distinct().Order().ToList();
        if (toRead.Count > 0)
        {
            var events = await deps.Journal.EventsAtAsync(tag, toRead, deserialize, cancellationToken);
            foreach (var (projection, _, seen) in projections)
            {
                var own = missing[projection].ToHashSet();
                foreach (var batch in events.Where(envelope => own.Contains(((Sequence)envelope.Offset).Value)).Chunk(deps.Settings.BatchSize))
                {
                    try
                    {
                        // Null: paused meanwhile, nothing landed; these stay unseen for a later pass.
                        if (await deps.Committer.CommitMissedAsync(projection, slice, batch, cancellationToken) is not { } result)
                        {
                            break;
                        }

                        recovered[projection] += result.Applied;
                        if (result.Deferred == 0)
                        {
                            seen.Add(batch.Select(envelope => ((Sequence)envelope.Offset).Value));
                        }
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        failures[projection] = error;
                        break;
                    }
                }
            }
        }

        ProjectionMetrics.BacktrackingReread.Add(toRead.Count, [new("slice", slice)]);
        foreach (var (projection, count) in recovered.Where(r => r.Value > 0))
        {
            ProjectionMetrics.BacktrackingRecovered.Add(count, [new("projection", projection.Name), new("slice", slice)]);
            await deps.Status.AddRecoveredAsync(projection.Name, slice, count, cancellationToken);
        }

        return new BacktrackingPass(recovered, failures, toRead.Count);
    }
}

/// <param name="Recovered">Events each projection had missed and now applied.</param>
/// <param name="Failures">The projections whose commits failed (a failure ends that projection's part of the pass, not the others').</param>
/// <param name="Reread">Events read again: those no read had settled.</param>
public sealed record BacktrackingPass(
    IReadOnlyDictionary<IProjection, long> Recovered, IReadOnlyDictionary<IProjection, Exception> Failures, int Reread);
