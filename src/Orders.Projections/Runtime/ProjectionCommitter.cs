using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Akka.Persistence.Query;
using Orders.Contracts.Database;
using Orders.Contracts.Diagnostics;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Commits a batch of one slice's events to one projection or to several at once (the slice's shared read). For
/// each projection it takes each order's state from its cache (loading the ones it lacks), lets through only each
/// order's next versions, has the projection add their effects, and adds the new order states (each conditional on
/// the version it came from) and, for the live stream, the offset (conditional on no pause requested). Everything
/// goes in one round trip where the provider allows, inside one transaction. A crash at any point leaves all of it
/// or none of it; a replay of applied events changes nothing. When one projection's share cannot land (paused,
/// poison, its own statements failing), the transaction rolls back and the others commit again without it.
/// </summary>
public sealed class ProjectionCommitter(ReadModelStore store, ProjectionOffsets offsets, int cachedOrdersPerSlice = 4096)
{
    private readonly ProjectionOrderStates _states = new(store.Sql);
    private readonly ConcurrentDictionary<(string, int), Slot> _slots = new();

    /// <summary>One projection's commit; a poison event or a failure is thrown, a pause returns an empty result.</summary>
    /// <param name="advanceOffset">False for the backtracking pass, which re-reads events behind the offset.</param>
    /// <param name="causes">
    /// Trace contexts of the writes that announced these events: the commit's activity links to each (and is the child
    /// of the only one, so that one command's trace shows its projection commits).
    /// </param>
    public async Task<CommitResult> CommitAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset = true,
        CancellationToken cancellationToken = default, IReadOnlyList<ActivityContext>? causes = null) =>
        await CommitShareAsync(projection, slice, batch, advanceOffset, cancellationToken, causes) ?? new CommitResult(0, 0, 0, 0);

    /// <summary>One projection's commit; null when it did not land (paused, or another worker ahead); a poison event or a failure is thrown.</summary>
    public async Task<CommitResult?> CommitShareAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, bool advanceOffset = true,
        CancellationToken cancellationToken = default, IReadOnlyList<ActivityContext>? causes = null)
    {
        var outcome = (await CommitAsync([(projection, batch)], slice, advanceOffset, cancellationToken, causes)).Single();
        if (outcome.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return outcome.Result;
    }

    /// <summary>
    /// Commits each projection's share in one transaction. Failures of one share are returned as its outcome; a
    /// failure of them all (the database is down) is thrown.
    /// </summary>
    public async Task<IReadOnlyList<CommitOutcome>> CommitAsync(
        IReadOnlyList<(IProjection Projection, IReadOnlyList<EventEnvelope> Batch)> shares, int slice, bool advanceOffset = true,
        CancellationToken cancellationToken = default, IReadOnlyList<ActivityContext>? causes = null)
    {
        using var activity = OrdersTracing.Source.StartActivity("orders.projection.commit", ActivityKind.Consumer,
            causes is [var only] ? only : default, links: causes?.Select(cause => new ActivityLink(cause)));
        // One transaction for every projection's share: one activity, naming them all.
        activity?.SetTag("projections", shares.Select(share => share.Projection.Name).ToArray());
        if (shares is [var single])
        {
            activity?.SetTag("projection", single.Projection.Name);
        }

        activity?.SetTag("slice", slice);
        activity?.SetTag("events", shares.Count == 0 ? 0 : shares.Max(share => share.Batch.Count));
        activity?.SetTag("backtracking", !advanceOffset);
        if (activity is not null && shares.SelectMany(share => share.Batch).Select(envelope => (envelope.Event as IOrderEvent)?.OrderId)
                .Distinct().ToList() is [{ } onlyOrder])
        {
            activity.SetTag("order.id", onlyOrder);
        }

        // Gates in name order: the live stream, a catch-up and the backtracking pass of one slice take turns per projection.
        var slots = shares.Select(share => (share.Projection, share.Batch, Slot: _slots.GetOrAdd((share.Projection.Name, slice), _ => new Slot(cachedOrdersPerSlice))))
            .OrderBy(share => share.Projection.Name, StringComparer.Ordinal).ToList();
        var entered = new List<Slot>();
        try
        {
            foreach (var (_, _, slot) in slots)
            {
                await slot.Gate.WaitAsync(cancellationToken);
                entered.Add(slot);
                if (slot.ForgetRequested)
                {
                    slot.ForgetRequested = false;
                    slot.Cache.Clear();
                }
            }

            var outcomes = await CommitEnteredAsync(slots, slice, advanceOffset, cancellationToken);
            activity?.SetTag("applied", outcomes.Sum(outcome => outcome.Result?.Applied ?? 0));
            return shares.Select(share => outcomes.Single(outcome => outcome.Projection == share.Projection)).ToList();
        }
        catch (Exception error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw;
        }
        finally
        {
            foreach (var slot in entered)
            {
                slot.Gate.Release();
            }
        }
    }

    private async Task<List<CommitOutcome>> CommitEnteredAsync(
        List<(IProjection Projection, IReadOnlyList<EventEnvelope> Batch, Slot Slot)> shares, int slice, bool advanceOffset,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<CommitOutcome>();
        var pending = shares.Where(share => share.Batch.Count > 0).ToList();
        outcomes.AddRange(shares.Where(share => share.Batch.Count == 0).Select(share => new CommitOutcome(share.Projection, new CommitResult(0, 0, 0, 0), null)));
        var reloaded = new HashSet<string>();
        // New orders (an event 1 first) are not looked up; were one stored already (a replay), the commit fails on
        // its rows and goes again once with every order looked up.
        var lookUpNewOrders = false;
        while (pending.Count > 0)
        {
            try
            {
                var applied = await store.InTransactionAsync(
                    (connection, transaction) => ApplyAsync(pending, slice, advanceOffset, lookUpNewOrders, connection, transaction, cancellationToken),
                    cancellationToken);
                foreach (var (share, (result, states)) in pending.Zip(applied))
                {
                    foreach (var state in states)
                    {
                        share.Slot.Cache.Put(state);
                    }

                    outcomes.Add(new CommitOutcome(share.Projection, result, null));
                }

                return outcomes;
            }
            catch (ShareNotCommittedException notCommitted)
            {
                // Paused, or overtaken by another worker of the same slice: nothing of it landed; the others go again.
                outcomes.Add(new CommitOutcome(notCommitted.Projection, null, null));
                pending.RemoveAll(share => share.Projection == notCommitted.Projection);
            }
            catch (PoisonEventException poison) when (pending.Any(share => share.Projection.Name == poison.Projection))
            {
                var share = pending.First(share => share.Projection.Name == poison.Projection);
                share.Slot.Cache.Clear();
                outcomes.Add(new CommitOutcome(share.Projection, null, poison));
                pending.Remove(share);
            }
            catch (ConcurrentProjectionWriteException stale) when (reloaded.Add(stale.Projection))
            {
                // A state was not as cached (another process committed that order since): load that projection's again.
                pending.First(share => share.Projection.Name == stale.Projection).Slot.Cache.Clear();
            }
            catch (Exception error) when (!lookUpNewOrders && error is not (OperationCanceledException or PoisonEventException))
            {
                lookUpNewOrders = true;
            }
            catch (Exception error) when (shares.Count > 1 && error is not OperationCanceledException)
            {
                // Which share failed? Each goes alone: the ones that land are not held back by one that cannot.
                foreach (var share in pending)
                {
                    share.Slot.Cache.Clear();
                    try
                    {
                        outcomes.AddRange(pending.Count == 1
                            ? [new CommitOutcome(share.Projection, null, error)]
                            : await CommitEnteredAsync([share], slice, advanceOffset, cancellationToken));
                    }
                    catch (Exception alone) when (alone is not OperationCanceledException)
                    {
                        outcomes.Add(new CommitOutcome(share.Projection, null, alone));
                    }
                }

                if (outcomes.All(outcome => outcome.Failure is not null and not PoisonEventException))
                {
                    throw;
                }

                return outcomes;
            }
            catch
            {
                foreach (var share in pending)
                {
                    share.Slot.Cache.Clear();
                }

                throw;
            }
        }

        return outcomes;
    }

    /// <summary>Forgets the cached order states of one (projection, slice): its worker starts afresh (a restart, a resume after a rebuild).</summary>
    public void Forget(string projection, int slice)
    {
        if (_slots.TryGetValue((projection, slice), out var slot))
        {
            slot.ForgetRequested = true;
        }
    }

    /// <summary>
    /// The backtracking pass's commit: most events it re-reads were applied long ago, so it first compares them with
    /// the applied versions outside any transaction, and opens a write transaction only for events that were missed.
    /// Null when the projection was paused meanwhile: nothing of it landed. A poison event or a failure is thrown.
    /// </summary>
    public async Task<CommitResult?> CommitMissedAsync(
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
        if (missed.Count == 0)
        {
            return new CommitResult(offset, 0, batch.Count, 0);
        }

        return await CommitShareAsync(projection, slice, missed, advanceOffset: false, cancellationToken);
    }

    private async Task<List<(CommitResult Result, IReadOnlyCollection<OrderState> States)>> ApplyAsync(
        List<(IProjection Projection, IReadOnlyList<EventEnvelope> Batch, Slot Slot)> shares, int slice, bool advanceOffset,
        bool lookUpNewOrders, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var statements = new StatementBatch();
        var checks = new List<(IProjection Projection, List<(int Statement, string OrderId)> States, int Offset)>();
        var results = new List<(CommitResult, IReadOnlyCollection<OrderState>)>();
        // One serialization per state, whichever projections store it (they apply the same events to equal states).
        var json = new Dictionary<OrderState, string>(ReferenceEqualityComparer.Instance);
        var applied = new Dictionary<(OrderState Before, EventEnvelope Envelope), OrderState>(SameStateAndEvent.Instance);
        foreach (var (projection, batch, slot) in shares)
        {
            if (!advanceOffset)
            {
                // The backtracking pass moves no offset, so no statement of its commit carries the pause: ask first.
                await using var desired = connection.CreateCommand(transaction, store.Sql.SelectDesiredState,
                    ("@projection", projection.Name), ("@slice", slice));
                if (await desired.ExecuteScalarAsync(cancellationToken) is string state && state == ProjectionState.Paused)
                {
                    throw new ShareNotCommittedException(projection);
                }
            }

            var orders = await StatesBeforeAsync(projection, batch, slot.Cache, lookUpNewOrders, connection, transaction, cancellationToken);
            var writer = projection.StartBatch();
            int appliedCount = 0, duplicates = 0, deferred = 0;
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
                    if (!applied.TryGetValue((order.State, envelope), out after!))
                    {
                        after = order.State.Apply(@event);
                        applied[(order.State, envelope)] = after;
                    }

                    writer.Add(new OrderChange(envelope, @event, order.State, after));
                }
                catch (Exception error)
                {
                    throw new PoisonEventException(projection.Name, envelope.PersistenceId, envelope.SequenceNr, error);
                }

                orders[@event.OrderId] = (order.StoredVersion, after);
                appliedCount++;
            }

            writer.Write(statements);
            var stateStatements = new List<(int Statement, string OrderId)>();
            foreach (var (storedVersion, state) in orders.Values.Where(order => order.State.Version != order.StoredVersion))
            {
                if (!json.TryGetValue(state, out var text))
                {
                    json[state] = text = ProjectionOrderStates.Serialize(state);
                }

                stateStatements.Add((_states.Save(statements, projection.Name, state, text, storedVersion), state.OrderId));
            }

            var offset = batch.Max(envelope => ((Sequence)envelope.Offset).Value);
            checks.Add((projection, stateStatements, advanceOffset ? offsets.Save(statements, projection.Name, slice, offset) : -1));
            results.Add((new CommitResult(offset, appliedCount, duplicates, deferred),
                orders.Values.Select(order => order.State).Where(state => state.Version > 0).ToList()));
        }

        var affected = await statements.ExecuteAsync(connection, transaction, cancellationToken);
        foreach (var (projection, stateStatements, offsetStatement) in checks)
        {
            foreach (var (statement, orderId) in stateStatements)
            {
                if (affected[statement] != 1)
                {
                    throw new ConcurrentProjectionWriteException(projection.Name, orderId);
                }
            }

            if (offsetStatement >= 0 && affected[offsetStatement] != 1)
            {
                throw new ShareNotCommittedException(projection);
            }
        }

        return results;
    }

    /// <summary>Each order's state as the projection last stored it: from the cache, or loaded for the orders it lacks.</summary>
    private async Task<Dictionary<string, (long StoredVersion, OrderState State)>> StatesBeforeAsync(
        IProjection projection, IReadOnlyList<EventEnvelope> batch, OrderStateCache cache, bool lookUpNewOrders,
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<string, (long StoredVersion, OrderState State)>(StringComparer.Ordinal);
        var firstInBatch = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var envelope in batch)
        {
            if (envelope.Event is IOrderEvent e && (!firstInBatch.TryGetValue(e.OrderId, out var first) || envelope.SequenceNr < first))
            {
                firstInBatch[e.OrderId] = envelope.SequenceNr;
            }
        }

        var missing = new List<string>();
        foreach (var (orderId, first) in firstInBatch)
        {
            // An event beyond the cached state's next version means the cache may be behind the table (a rebuild, another
            // node): load the stored state rather than defer the event on the cache's word.
            if (cache.TryGet(orderId, out var cached) && first <= cached.Version + 1)
            {
                orders[orderId] = (cached.Version, cached);
            }
            else if (first == 1 && !lookUpNewOrders)
            {
                // A new order: nothing to load. Were it stored already (a replay), its insert would change no row and
                // the commit would go again with the stored state, finding a duplicate.
                orders[orderId] = (0, OrderState.Empty);
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

        return orders;
    }

    /// <summary>
    /// The same state object and the same event object (not equal ones: that would compare whole orders). The shares
    /// of one commit hold the same envelopes, so a state applied for one projection is reused by the others.
    /// </summary>
    private sealed class SameStateAndEvent : IEqualityComparer<(OrderState Before, EventEnvelope Envelope)>
    {
        public static readonly SameStateAndEvent Instance = new();

        public bool Equals((OrderState Before, EventEnvelope Envelope) x, (OrderState Before, EventEnvelope Envelope) y) =>
            ReferenceEquals(x.Before, y.Before) && ReferenceEquals(x.Envelope, y.Envelope);

        public int GetHashCode((OrderState Before, EventEnvelope Envelope) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Before), RuntimeHelpers.GetHashCode(key.Envelope));
    }

    private sealed class Slot(int capacity)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public OrderStateCache Cache { get; } = new(capacity);

        public volatile bool ForgetRequested;
    }

    /// <summary>A condition of one projection's share failed that is not an error: a pause was asked for, or another worker is ahead.</summary>
    private sealed class ShareNotCommittedException(IProjection projection) : Exception
    {
        public IProjection Projection { get; } = projection;
    }
}
