using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Akka.Persistence.Query;
using Orders.Cluster.Diagnostics;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Commits a batch of one slice's events to one projection. It takes each order's projection state from its cache
/// (loading the ones it lacks), lets through only each order's next versions, has the projection add their effects,
/// and sends those, the new order states (each conditional on the version it came from) and, for the live stream,
/// the offset (conditional on no pause requested) in one round trip where the provider allows, inside one
/// transaction. If any condition fails nothing of the batch lands. A crash at any point leaves all of it or none of
/// it; a replay of applied events changes nothing.
/// </summary>
public sealed class ProjectionCommitter(ReadModelStore store, ProjectionOffsets offsets, int cachedOrdersPerSlice = 4096)
{
    private readonly ProjectionOrderStates _states = new(store.Dialect);
    private readonly ConcurrentDictionary<(string, int), Slot> _slots = new();

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

    /// <summary>Forgets the cached order states of one (projection, slice): its worker starts afresh (a restart, a resume after a rebuild).</summary>
    public void Forget(string projection, int slice)
    {
        if (_slots.TryGetValue((projection, slice), out var slot))
        {
            slot.ForgetRequested = true;
        }
    }

    private async Task<CommitResult> CommitLockedAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset, CancellationToken cancellationToken)
    {
        // The live stream and the backtracking pass of one worker take turns: both may hold the same order.
        var slot = _slots.GetOrAdd((projection.Name, slice), _ => new Slot(cachedOrdersPerSlice));
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.ForgetRequested)
            {
                slot.ForgetRequested = false;
                slot.Cache.Clear();
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (result, states) = await store.InTransactionAsync(
                        (connection, transaction) => ApplyAsync(projection, slice, batch, advanceOffset, slot.Cache, connection, transaction, cancellationToken),
                        cancellationToken);
                    foreach (var state in states)
                    {
                        slot.Cache.Put(state);
                    }

                    return result;
                }
                catch (NotCommittedException)
                {
                    // Paused, or overtaken by another worker of the same slice: nothing landed, and nothing is cached.
                    return new CommitResult(0, 0, 0, 0);
                }
                catch (ConcurrentProjectionWriteException) when (attempt == 1)
                {
                    // A state was not as cached (another process committed that order since): load them all again.
                    slot.Cache.Clear();
                }
                catch
                {
                    slot.Cache.Clear();
                    throw;
                }
            }
        }
        finally
        {
            slot.Gate.Release();
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

    private async Task<(CommitResult Result, IReadOnlyCollection<OrderState> States)> ApplyAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset, OrderStateCache cache,
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!advanceOffset)
        {
            // The backtracking pass moves no offset, so no statement of its commit carries the pause: ask first.
            await using var desired = connection.CreateCommand(transaction, store.Dialect.SelectDesiredState,
                ("@projection", projection.Name), ("@slice", slice));
            if (await desired.ExecuteScalarAsync(cancellationToken) is string state && state == ProjectionState.Paused)
            {
                throw new NotCommittedException();
            }
        }

        var orders = new Dictionary<string, (long StoredVersion, OrderState State)>(StringComparer.Ordinal);
        var missing = new List<string>();
        var firstInBatch = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var envelope in batch)
        {
            if (envelope.Event is IOrderEvent e && (!firstInBatch.TryGetValue(e.OrderId, out var first) || envelope.SequenceNr < first))
            {
                firstInBatch[e.OrderId] = envelope.SequenceNr;
            }
        }

        foreach (var (orderId, first) in firstInBatch)
        {
            // An event beyond the cached state's next version means the cache may be behind the table (a rebuild, another
            // node): load the stored state rather than defer the event on the cache's word.
            if (cache.TryGet(orderId, out var cached) && first <= cached.Version + 1)
            {
                orders[orderId] = (cached.Version, cached);
            }
            else
            {
                missing.Add(orderId);
            }
        }

        if (missing.Count > 0)
        {
            var stored = await _states.LoadAsync(connection, transaction, projection.Name, missing, cancellationToken);
            foreach (var orderId in missing)
            {
                var loaded = stored.GetValueOrDefault(orderId) ?? OrderState.Empty;
                orders[orderId] = (loaded.Version, loaded);
            }
        }

        var writer = projection.StartBatch();
        int applied = 0, duplicates = 0, deferred = 0;
        foreach (var envelope in batch)
        {
            if (envelope.Event is not IOrderEvent @event)
            {
                throw new PoisonEventException(projection.Name, envelope.PersistenceId, envelope.SequenceNr,
                    new InvalidOperationException($"{envelope.Event?.GetType().Name ?? "null"} is not an order event"));
            }

            var order = orders[@event.OrderId];
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

        var statements = new StatementBatch();
        writer.Write(statements);
        var conditional = new List<(int Statement, string OrderId)>();
        foreach (var (storedVersion, state) in orders.Values.Where(order => order.State.Version != order.StoredVersion))
        {
            conditional.Add((ProjectionOrderStates.Save(statements, store.Dialect, projection.Name, state, ProjectionOrderStates.Serialize(state), storedVersion),
                state.OrderId));
        }

        var offset = batch.Count == 0 ? 0 : batch.Max(envelope => ((Sequence)envelope.Offset).Value);
        var offsetStatement = advanceOffset && batch.Count > 0 ? offsets.Save(statements, projection.Name, slice, offset) : -1;
        var affected = await statements.ExecuteAsync(connection, transaction, cancellationToken);
        foreach (var (statement, orderId) in conditional)
        {
            if (affected[statement] != 1)
            {
                throw new ConcurrentProjectionWriteException(projection.Name, orderId);
            }
        }

        if (offsetStatement >= 0 && affected[offsetStatement] != 1)
        {
            throw new NotCommittedException();
        }

        return (new CommitResult(offset, applied, duplicates, deferred), orders.Values.Select(order => order.State).Where(state => state.Version > 0).ToList());
    }

    private sealed class Slot(int capacity)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public OrderStateCache Cache { get; } = new(capacity);

        public volatile bool ForgetRequested;
    }

    /// <summary>A condition of the commit failed that is not an error: a pause was asked for, or another worker is ahead.</summary>
    private sealed class NotCommittedException : Exception;
}
