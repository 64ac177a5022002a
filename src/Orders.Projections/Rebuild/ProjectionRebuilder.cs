using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams.Dsl;
using Akka.Streams;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Database;
using Orders.Contracts.Tagging;
using Orders.Projections.Hosting;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage;

namespace Orders.Projections.Rebuild;

/// <summary>
/// Rebuilds a projection without downtime. It fills a shadow generation of the projection's tables from offset 0
/// while the live workers keep applying new events and the live tables keep serving reads; then it pauses the
/// live workers, catches the shadow up, and in one transaction replaces the live rows, per-order versions and
/// offsets with the shadow's; then it resumes the workers and drops the shadow. Readers see the old content
/// until that transaction commits and the new content after it — never an empty or half-built table.
/// </summary>
public sealed class ProjectionRebuilder(
    ActorSystem system, ReadModelStore store, ProjectionDependencies deps, TimeProvider clock, ILogger<ProjectionRebuilder> log)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RebuildReport>>> _running = new();
    private readonly ConcurrentDictionary<string, RebuildOutcome> _finished = new();
    private readonly ConcurrentDictionary<string, long> _applied = new();
    private readonly ProjectionRequests _requests = new(deps.Status, system);

    /// <summary>Starts a rebuild unless one of the same projection is running here; returns it either way.</summary>
    public bool TryStart(string projection, out Task<RebuildReport> rebuild)
    {
        // Two requests at once may both offer a rebuild; only the one the dictionary keeps is ever run (Lazy).
        var offered = new Lazy<Task<RebuildReport>>(() =>
        {
            _finished.TryRemove(projection, out _);
            _applied[projection] = 0;
            // Batches commit on several slices' threads: keep the highest count told.
            return Task.Run(() => RunAsync(projection,
                progress: applied => _applied.AddOrUpdate(projection, applied, (_, told) => Math.Max(told, applied))));
        });
        var kept = _running.GetOrAdd(projection, offered);
        rebuild = kept.Value;
        var started = ReferenceEquals(kept, offered);
        if (started)
        {
            rebuild.ContinueWith(done =>
            {
                _finished[projection] = new RebuildOutcome(projection, done.IsCompletedSuccessfully ? done.Result : null,
                    done.IsCanceled ? "cancelled" : done.Exception?.GetBaseException().Message, clock.GetUtcNow());
                _applied.TryRemove(projection, out _);
                _running.TryRemove(projection, out _);
            }, TaskScheduler.Default);
        }

        return started;
    }

    /// <summary>Events applied so far by each rebuild running here (started by <see cref="TryStart"/>).</summary>
    public IReadOnlyDictionary<string, long> Applied => new Dictionary<string, long>(_applied);

    /// <summary>How the last rebuild of each projection started here (<see cref="TryStart"/>) ended.</summary>
    public IReadOnlyCollection<RebuildOutcome> Finished => [.. _finished.Values];

    /// <param name="progress">Told the number of events applied so far, after each committed batch (from any slice's thread).</param>
    public async Task<RebuildReport> RunAsync(string projection, CancellationToken cancellationToken = default, Action<long>? progress = null)
    {
        var applied = new StrongBox<long>();
        var live = OrdersProjectionsHostingExtensions.All(store.Sql).Single(p => p.Name == projection);
        var shadow = OrdersProjectionsHostingExtensions.All(store.Sql, ReadTables.Shadow).Single(p => p.Name == projection + ReadTables.ShadowSuffix);
        var slices = deps.Settings.Slices;
        var clockStart = Stopwatch.StartNew();
        var paused = false;
        var now = clock.GetUtcNow();
        if ((await deps.Status.ReadAllAsync(cancellationToken)).Any(row =>
                row.Projection == shadow.Name && row.State == ProjectionState.Rebuilding && row.IsLive(now, deps.Settings.BacktrackingInterval)))
        {
            throw new InvalidOperationException($"a rebuild of {projection} is already running");
        }

        try
        {
            // The shadow reads the journal from its start: what the live projection has passed is settled, so a
            // frontier of its own (the CLI's) does not wait out the journal's old gaps first.
            for (var slice = 0; slice < slices; slice++)
            {
                deps.Frontier.NoteSettled(await deps.Offsets.LoadAsync(live.Name, slice, cancellationToken));
            }

            await PrepareShadowAsync(live, shadow, cancellationToken);
            long events = 0;
            for (var pass = 0; pass < 2; pass++)
            {
                events += await CatchUpAsync(shadow, slices, applied, progress, cancellationToken);
            }

            // Counted as paused before the request is sent: a request that lands but fails to answer is undone too.
            paused = true;
            await _requests.RequestAsync(live.Name, null, ProjectionState.Paused, cancellationToken);
            await WaitForPausedAsync(live.Name, cancellationToken);
            events += await CatchUpAsync(shadow, slices, applied, progress, cancellationToken);
            // The swap is one short transaction, never cancelled halfway: once it has landed, the rebuild has, and
            // what is left is finished even if cancelled now.
            await SwapAsync(live, shadow, CancellationToken.None);
            await _requests.RequestAsync(live.Name, null, ProjectionState.Running, CancellationToken.None);
            paused = false;
            await DropShadowAsync(live, shadow, CancellationToken.None);

            var report = new RebuildReport(projection, events, clockStart.Elapsed);
            log.LogInformation("Rebuilt {Projection} from {Events} events in {Seconds:0.0} s ({Rate:0} events/s)",
                projection, events, report.Duration.TotalSeconds, report.EventsPerSecond);
            return report;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before the swap (whatever the interrupted driver threw: SqlClient does not throw
            // OperationCanceledException): nothing of the shadow is left behind, and the live workers go on.
            log.LogWarning("Rebuild of {Projection} cancelled; the live tables are unchanged", projection);
            if (paused)
            {
                await _requests.RequestAsync(live.Name, null, ProjectionState.Running, CancellationToken.None);
            }

            await DropShadowAsync(live, shadow, CancellationToken.None);
            throw;
        }
        catch (Exception error)
        {
            log.LogError(error, "Rebuild of {Projection} failed; the live tables are unchanged", projection);
            for (var slice = 0; slice < slices; slice++)
            {
                await deps.Status.ReportAsync(shadow.Name, slice, ProjectionState.Failed, "rebuild failed: " + error.Message,
                    cancellationToken: CancellationToken.None);
            }

            if (paused)
            {
                await _requests.RequestAsync(live.Name, null, ProjectionState.Running, CancellationToken.None);
            }

            throw;
        }
    }

    private async Task PrepareShadowAsync(IProjection live, IProjection shadow, CancellationToken cancellationToken)
    {
        var sql = store.Sql;
        var shadowTables = live.Tables.Select(table => table.In(ReadTables.Shadow)).ToList();
        await ExecuteAsync(
        [
            .. shadowTables.Select(sql.DropTableIfExists),
            .. shadowTables.Select(sql.CreateTable),
            .. RuntimeTables.All.Select(sql.DeleteProjectionRows),
        ], shadow.Name, cancellationToken);
        for (var slice = 0; slice < deps.Settings.Slices; slice++)
        {
            // An earlier rebuild in this process left its order states cached; the shadow starts empty.
            deps.Committer.Forget(shadow.Name, slice);
            await deps.Status.EnsureAsync(shadow.Name, slice, cancellationToken);
            await deps.Status.ReportAsync(shadow.Name, slice, ProjectionState.Rebuilding, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Applies every slice's events after the shadow's offsets, the slices side by side (each commits its own
    /// batches; they share no order); returns how many were read.
    /// </summary>
    private async Task<long> CatchUpAsync(
        IProjection shadow, int slices, StrongBox<long> appliedSoFar, Action<long>? progress, CancellationToken cancellationToken)
    {
        var events = new SliceEventReader(system, deps.Frontier);
        var counts = await Task.WhenAll(Enumerable.Range(0, slices).Select(async slice =>
        {
            var offset = await deps.Offsets.LoadAsync(shadow.Name, slice, cancellationToken);
            await deps.Status.ReportAsync(shadow.Name, slice, ProjectionState.Rebuilding, cancellationToken: cancellationToken);
            long applied = 0;
            // A read at a time of at most EventsPerRead, so that a long journal is never held in memory at once.
            while (await events.ReadAsync(OrderTags.ForSlice(slice), offset, EventsPerRead, deps.Settings.BatchSize, async batch =>
                   {
                       var result = await deps.Committer.CommitAsync(shadow, slice, batch, cancellationToken: cancellationToken);
                       var read = result.Applied + result.Duplicates + result.Deferred;
                       applied += read;
                       progress?.Invoke(Interlocked.Add(ref appliedSoFar.Value, read));
                       offset = ((Sequence)batch[^1].Offset).Value;
                       return true;
                   }, cancellationToken) == EventsPerRead)
            {
            }

            return applied;
        }));
        return counts.Sum();
    }

    /// <summary>The most events one read of a slice hands over.</summary>
    private const int EventsPerRead = 2_000;

    private async Task WaitForPausedAsync(string projection, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(30) + deps.Settings.ControlInterval * 5;
        while (true)
        {
            var rows = (await deps.Status.ReadAllAsync(cancellationToken)).Where(row => row.Projection == projection).ToList();
            var now = clock.GetUtcNow();
            if (rows.All(row => row.State == ProjectionState.Paused || !row.IsLive(now, deps.Settings.BacktrackingInterval)))
            {
                return;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"the workers of {projection} did not pause in time");
            }

            // An announced pause is reported within a commit's time (a tool's own system, outside the cluster, waits for
            // the workers' next control read): look often.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task SwapAsync(IProjection live, IProjection shadow, CancellationToken cancellationToken)
    {
        var sql = store.Sql;
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var table in live.Tables)
            {
                await using (var delete = connection.CreateCommand(transaction, sql.DeleteAllRows(table)))
                {
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var copy = connection.CreateCommand(transaction, sql.CopyAllRows(table.In(ReadTables.Shadow), table));
                await copy.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var states = connection.CreateCommand(transaction, sql.DeleteProjectionRows(RuntimeTables.OrderStates), ("@projection", live.Name)))
            {
                await states.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var rename = connection.CreateCommand(transaction, sql.RenameProjectionStates, ("@live", live.Name), ("@shadow", shadow.Name)))
            {
                await rename.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var offsets = connection.CreateCommand(transaction, sql.CopyOffsets,
                ("@live", live.Name), ("@shadow", shadow.Name), ("@now", clock.GetUtcNow()));
            return await offsets.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The shadow's tables and every runtime row under its name (after a swap its order states are the live ones already).</summary>
    private Task DropShadowAsync(IProjection live, IProjection shadow, CancellationToken cancellationToken) =>
        ExecuteAsync(
        [
            .. live.Tables.Select(table => store.Sql.DropTableIfExists(table.In(ReadTables.Shadow))),
            .. RuntimeTables.All.Select(store.Sql.DeleteProjectionRows),
        ], shadow.Name, cancellationToken);

    /// <summary>Runs statements in one transaction, each with <c>@projection</c> bound to the given name.</summary>
    private Task ExecuteAsync(IReadOnlyList<string> statements, string projection, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var sql in statements)
            {
                await using var command = connection.CreateCommand(transaction, sql, ("@projection", projection));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return 0;
        }, cancellationToken);
}
