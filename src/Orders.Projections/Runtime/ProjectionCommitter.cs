using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Akka.Persistence.Query;
using Orders.Cluster.Diagnostics;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Commits a batch of one slice's events to one projection. In one transaction it loads each order's projection
/// state, lets through only each order's next versions, has the projection write their effects, stores the new
/// order states (conditional on the versions read) and, for the live stream, advances the offset. A crash at
/// any point leaves all of it or none of it; a replay of applied events changes nothing.
/// </summary>
public sealed class ProjectionCommitter(ReadModelStore store, ProjectionOffsets offsets)
{
    private readonly ProjectionOrderStates _states = new(store.Dialect);
    private readonly ConcurrentDictionary<(string, int), SemaphoreSlim> _gates = new();

    /// <param name="advanceOffset">False for the backtracking pass, which re-reads events behind the offset.</param>
    /// <param name="causes">
    /// Trace contexts of the writes that announced these events: the commit's activity links to each (and is the child
    /// of the only one, so that one command's trace shows its projection commits).
    /// </param>
    public async Task<CommitResult> CommitAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset = true,
        CancellationToken cancellationToken = default, IReadOnlyList<ActivityContext>? causes = null)
    {
        using var activity = OrdersTracing.Source.StartActivity("orders.projection.commit", ActivityKind.Consumer,
            causes is [var only] ? only : default, links: causes?.Select(cause => new ActivityLink(cause)));
        activity?.SetTag("projection", projection.Name);
        activity?.SetTag("slice", slice);
        activity?.SetTag("events", batch.Count);
        activity?.SetTag("backtracking", !advanceOffset);
        if (activity is not null && batch.Select(envelope => (envelope.Event as IOrderEvent)?.OrderId).Distinct().ToList() is [{ } onlyOrder])
        {
            activity.SetTag("order.id", onlyOrder);
        }

        try
        {
            var result = await CommitLockedAsync(projection, slice, batch, advanceOffset, cancellationToken);
            activity?.SetTag("applied", result.Applied);
            activity?.SetTag("offset", result.Offset);
            return result;
        }
        catch (Exception error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw;
        }
    }

    private async Task<CommitResult> CommitLockedAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset, CancellationToken cancellationToken)
    {
        // The live stream and the backtracking pass of one worker take turns: both may hold the same order.
        var gate = _gates.GetOrAdd((projection.Name, slice), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await store.InTransactionAsync(
                (connection, transaction) => ApplyAsync(projection, slice, batch, advanceOffset, connection, transaction, cancellationToken),
                cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The backtracking pass's commit: most events it re-reads were applied long ago, so it first compares them with
    /// the applied versions outside any transaction, and opens a write transaction only for events that were missed.
    /// </summary>
    public async Task<CommitResult> CommitMissedAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        var orderIds = batch.Select(envelope => envelope.Event).OfType<IOrderEvent>().Select(e => e.OrderId).Distinct().ToList();
        IReadOnlyDictionary<string, long> versions;
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            versions = await _states.LoadVersionsAsync(connection, projection.Name, orderIds, cancellationToken);
        }

        var missed = batch.Where(envelope => envelope.Event is not IOrderEvent e || envelope.SequenceNr > versions.GetValueOrDefault(e.OrderId))
            .ToList();
        var offset = batch.Count == 0 ? 0 : batch.Max(envelope => ((Sequence)envelope.Offset).Value);
        return missed.Count == 0
            ? new CommitResult(offset, 0, batch.Count, 0)
            : await CommitAsync(projection, slice, missed, advanceOffset: false, cancellationToken);
    }

    private async Task<CommitResult> ApplyAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset,
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // A pause is a promise that nothing more is committed: a commit that started before the request and reaches
        // the database after it applies nothing and leaves the offset, whatever the worker's own bookkeeping says.
        await using (var desired = connection.CreateCommand(transaction, store.Dialect.SelectDesiredState,
                         ("@projection", projection.Name), ("@slice", slice)))
        {
            if (await desired.ExecuteScalarAsync(cancellationToken) is string state && state == ProjectionState.Paused)
            {
                return new CommitResult(0, 0, 0, 0);
            }
        }

        var writer = projection.StartBatch();
        var orderIds = batch.Select(envelope => envelope.Event).OfType<IOrderEvent>().Select(e => e.OrderId).Distinct().ToList();
        var stored = await _states.LoadAsync(connection, transaction, projection.Name, orderIds, cancellationToken);
        var orders = new Dictionary<string, (long StoredVersion, OrderState State)>();
        int applied = 0, duplicates = 0, deferred = 0;
        foreach (var envelope in batch)
        {
            if (envelope.Event is not IOrderEvent @event)
            {
                throw new PoisonEventException(projection.Name, envelope.PersistenceId, envelope.SequenceNr,
                    new InvalidOperationException($"{envelope.Event?.GetType().Name ?? "null"} is not an order event"));
            }

            if (!orders.TryGetValue(@event.OrderId, out var order))
            {
                var loaded = stored.GetValueOrDefault(@event.OrderId) ?? OrderState.Empty;
                order = (loaded.Version, loaded);
            }

            if (envelope.SequenceNr <= order.State.Version)
            {
                duplicates++;
                continue;
            }

            if (envelope.SequenceNr > order.State.Version + 1)
            {
                deferred++;
                continue;
            }

            OrderState after;
            try
            {
                after = order.State.Apply(@event);
                writer.Add(new OrderChange(envelope, @event, order.State, after));
            }
            catch (Exception error)
            {
                throw new PoisonEventException(projection.Name, envelope.PersistenceId, envelope.SequenceNr, error);
            }

            orders[@event.OrderId] = (order.StoredVersion, after);
            applied++;
        }

        await writer.WriteAsync(connection, transaction, cancellationToken);
        foreach (var (storedVersion, state) in orders.Values.Where(order => order.State.Version != order.StoredVersion))
        {
            await _states.SaveAsync(connection, transaction, projection.Name, state, storedVersion, cancellationToken);
        }

        var offset = batch.Count == 0 ? 0 : batch.Max(envelope => ((Sequence)envelope.Offset).Value);
        if (advanceOffset && batch.Count > 0)
        {
            await offsets.SaveAsync(connection, transaction, projection.Name, slice, offset, cancellationToken);
        }

        return new CommitResult(offset, applied, duplicates, deferred);
    }
}
