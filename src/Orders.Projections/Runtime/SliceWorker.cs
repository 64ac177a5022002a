using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Database;
using Orders.Contracts.Diagnostics;
using Orders.Contracts.Tagging;
using Orders.Domain;

namespace Orders.Projections.Runtime;

/// <summary>
/// Follows one slice's tagged events for every projection at once: one read of the journal, whose batches are
/// committed to all the projections that follow it in one transaction each (<see cref="ProjectionCommitter"/>).
/// Each projection keeps its own offset, pause, failure and rebuild (<see cref="SliceMember"/>): one that is paused
/// or failed is left out, and one that is behind reads on its own until it has caught up, then joins the shared
/// read — so it never holds the others back.
/// It reads when an order actor announces new events in the slice (<see cref="SliceAdvanced"/>, cluster-wide pub-sub)
/// and, as a fallback, every poll interval. It reads what operators ask (run or pause) when a request is announced
/// (<see cref="ProjectionControlRequested"/>) and, for requests from outside the cluster, every control interval; every
/// backtracking interval it re-reads, once for all projections, the events just behind their offsets for ones that
/// committed late. A failure of the shared read makes it throw, so that its supervisor restarts it with backoff; a
/// failure of one projection's statements sets only that projection back to retry on its own, with backoff; a
/// poison event stops only the projection that cannot apply it, reported with the event, until an operator resumes it.
/// </summary>
public sealed class SliceWorker : ReceiveActor, IWithTimers
{
    /// <summary>Most events one read takes before it commits them and reads again.</summary>
    private const int EventsPerRead = 1000;

    /// <summary>Ordering numbers behind its starting offset that a worker's first backtracking pass re-reads.</summary>
    private const long RestartLookBehind = 1000;

    private const int MaxCauses = 4096;

    private readonly int _slice;
    private readonly string _tag;
    private readonly ProjectionDependencies _deps;
    private readonly IReadOnlyList<SliceMember> _members;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Lines about one order go to the host's structured log with its id (the rest use Akka's log).</summary>
    private readonly ILogger _orderLog = ActorLoggers.For<SliceWorker>(Context.System);

    /// <summary>
    /// Trace contexts of announced writes by (order id, version): the commit that applies that version links to it.
    /// Written by the actor, taken by the stream's commit stage; bounded (an announcement whose events a poll applied
    /// first is never taken).
    /// </summary>
    private readonly ConcurrentDictionary<(string OrderId, long Version), ActivityContext> _causes = new();

    /// <summary>The lowest offset of the shared read at each backtracking pass, oldest first: where the next pass starts.</summary>
    private readonly Queue<(DateTime At, long Offset)> _offsetHistory = new();

    private readonly SliceEventReader _events;
    private CancellationTokenSource? _streamCancellation;
    private Task _streamCompletion = Task.CompletedTask;
    private int _streamGeneration;
    private bool _reading;
    private bool _readAgain;
    private DateTime _lastReadStarted;
    private bool _controlReading;
    private bool _controlAgain;
    private bool _backtracking;
    private Task _backtrackCompletion = Task.CompletedTask;
    private CancellationTokenSource? _backtrackCancellation;

    public SliceWorker(IReadOnlyList<IProjection> projections, int slice, ProjectionDependencies deps)
    {
        _slice = slice;
        _tag = OrderTags.ForSlice(slice);
        _deps = deps;
        _members = projections.Select(projection => new SliceMember(projection)).ToList();
        _events = new SliceEventReader(Context.System, deps.Frontier);

        // One control read at a time: reads that overlapped could land out of order and undo a newer request. A
        // request announced while one is in flight may have been stored after it began: it is read again after it.
        Receive<PollControl>(_ => ReadControl());
        Receive<ProjectionControlRequested>(request =>
        {
            if ((request.Slice is null || request.Slice == _slice) && _members.Any(member => member.Name == request.Projection))
            {
                ReadControl();
            }
        });
        Receive<ControlRead>(read =>
        {
            _controlReading = false;
            foreach (var member in _members)
            {
                OnControl(member, read.Rows.FirstOrDefault(row => row.Projection == member.Name));
            }

            if (_controlAgain)
            {
                _controlAgain = false;
                ReadControl();
            }
        });
        Receive<OffsetLoaded>(loaded => Join(loaded.Member, loaded.Offset));
        Receive<SliceAdvanced>(advanced =>
        {
            RememberCause(advanced);
            Read();
        });
        Receive<PollJournal>(_ => Read());
        Receive<SubscribeAck>(_ => { });
        Receive<WindowPassed>(_ =>
        {
            _reading = false;
            Read();
        });
        Receive<ReadDone>(done => done.Generation == _streamGeneration, OnReadDone);
        Receive<ReadDone>(_ => { });
        Receive<ReadFailed>(failed => failed.Generation == _streamGeneration, failed =>
        {
            _reading = false;
            // Commits report their failures per projection (SharedRead): this is the journal's stream itself failing.
            var following = _members.Where(member => member.IsFollowing).ToList();
            if (ProjectionFailures.IsPoison(failed.Error))
            {
                // An event nobody can read: it stops every projection here.
                following.ForEach(member => Fail(member, failed.Error));
                return;
            }

            foreach (var member in following)
            {
                Report(member, ProjectionState.Retrying, failed.Error.Message);
            }

            throw new ProjectionStoppedException("(all)", _slice, failed.Error);
        });
        Receive<ReadFailed>(_ => { });
        Receive<CatchUpDone>(OnCatchUpDone);
        Receive<CatchUpFailed>(OnCatchUpFailed);
        Receive<RetryMember>(retry =>
        {
            if (retry.Member.IsRunning && !retry.Member.Following && !retry.Member.CatchingUp)
            {
                StartCatchUp(retry.Member);
            }
        });
        Receive<Backtrack>(_ =>
        {
            Heartbeat();
            StartBacktracking();
        });
        Receive<BacktrackDone>(done =>
        {
            _backtracking = false;
            foreach (var (projection, error) in done.Failures)
            {
                var member = _members.First(member => member.Projection == projection);
                if (ProjectionFailures.IsPoison(error) && member.IsRunning)
                {
                    Fail(member, error);
                }
                else
                {
                    _log.Warning("Projection {0} slice {1}: backtracking failed, next pass retries: {2}", member.Name, _slice, error.Message);
                }
            }
        });
        Receive<PoisonReported>(reported =>
        {
            if (reported.Member.Mode == MemberMode.Reporting)
            {
                reported.Member.Mode = MemberMode.Failed;
            }
        });
        Receive<ReportDone>(_ => { });
        Receive<ReportPaused>(paused =>
        {
            if (paused.Member.Mode == MemberMode.Paused)
            {
                Report(paused.Member, ProjectionState.Paused);
                _log.Info("Projection {0} slice {1} paused", paused.Member.Name, _slice);
            }
        });
        Receive<Status.Failure>(failure => throw new ProjectionStoppedException("(all)", _slice, failure.Cause));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<IProjection> projections, int slice, ProjectionDependencies deps) =>
        Akka.Actor.Props.Create(() => new SliceWorker(projections, slice, deps));

    protected override void PreStart()
    {
        LocalSliceWorkers.Get(Context.System).Started(_slice);
        Task.WhenAll(_members.Select(member => _deps.Status.EnsureAsync(member.Name, _slice)))
            .ContinueWith(task => task.IsFaulted ? (object)new Status.Failure(task.Exception!) : PollControl.Instance)
            .PipeTo(Self);
        Timers.StartPeriodicTimer("control", PollControl.Instance, _deps.Settings.ControlInterval);
        Timers.StartPeriodicTimer("backtrack", Backtrack.Instance, _deps.Settings.BacktrackingInterval);
        Timers.StartPeriodicTimer("poll", PollJournal.Instance, _deps.Settings.PollInterval);
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(_tag, Self));
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ProjectionControlRequested.Topic, Self));
    }

    private void ReadControl()
    {
        if (_controlReading)
        {
            _controlAgain = true;
            return;
        }

        _controlReading = true;
        _deps.Status.ReadAllAsync().PipeTo(Self, success: rows => new ControlRead([.. rows.Where(row => row.Slice == _slice)]));
    }

    protected override void PostStop()
    {
        LocalSliceWorkers.Get(Context.System).Stopped(_slice);
        StopSharedRead();
        foreach (var member in _members)
        {
            member.StopCatchUp();
        }

        _backtrackCancellation?.Cancel();
    }

    private void OnControl(SliceMember member, ProjectionStatusRow? row)
    {
        switch (ProjectionControl.Decide(member.Mode, row))
        {
            case ControlAction.Pause:
                // "Paused" is reported once the reads, commits and backtracking pass in flight have ended: after that,
                // nothing more of this projection is committed. The others go on.
                member.Mode = MemberMode.Paused;
                member.NextEpoch();
                member.Following = false;
                _backtrackCancellation?.Cancel();
                var inFlight = Task.WhenAll(_streamCompletion, member.CatchUpCompletion, _backtrackCompletion);
                member.StopCatchUp();
                inFlight.ContinueWith(_ => { }, TaskScheduler.Default).PipeTo(Self, success: () => new ReportPaused(member));
                break;
            case ControlAction.StayFailed:
                member.Mode = MemberMode.Failed;
                break;
            case ControlAction.Start:
                member.Mode = MemberMode.Running;
                _deps.Offsets.LoadAsync(member.Name, _slice).PipeTo(Self, success: offset => new OffsetLoaded(member, offset));
                break;
        }
    }

    /// <summary>A projection starts (or resumes) from its committed offset: in the shared read, or on its own while behind it.</summary>
    private void Join(SliceMember member, long offset)
    {
        if (!member.IsRunning)
        {
            return;
        }

        _log.Info("Projection {0} slice {1} follows {2} from offset {3}", member.Name, _slice, _tag, offset);
        Report(member, ProjectionState.Running);
        // Whatever happened while it did not follow (a rebuild's swap, a reset) is in the tables, not in its cache.
        _deps.Committer.Forget(member.Name, _slice);
        member.Seen.Clear();
        member.Offset = offset;
        member.NextEpoch();
        var others = _members.Where(other => other != member && other.IsFollowing).ToList();
        if (others.Count > 0 && offset < others.Min(other => other.Offset))
        {
            StartCatchUp(member);
            return;
        }

        if (_offsetHistory.Count == 0)
        {
            // A previous incarnation may have passed a gap just before it stopped: look a little behind the start.
            _offsetHistory.Enqueue((DateTime.UtcNow, Math.Max(0, offset - RestartLookBehind)));
        }

        member.Following = true;
        Read();
    }

    /// <summary>
    /// Reads what the slice holds after the lowest offset of the projections that follow, and commits each batch
    /// to each of them (only the events after its own offset). Only one read runs at a time; a request that arrives
    /// meanwhile makes another read follow, so no announcement is lost.
    /// </summary>
    private void Read()
    {
        var following = _members.Where(member => member.IsFollowing).ToList();
        if (following.Count == 0)
        {
            return;
        }

        if (_reading)
        {
            _readAgain = true;
            return;
        }

        var wait = _lastReadStarted + _deps.Settings.BatchWindow - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            // Within the batch window: read once it has passed, gathering what arrives meanwhile.
            _reading = true;
            Timers.StartSingleTimer("batch-window", WindowPassed.Instance, wait);
            return;
        }

        _reading = true;
        _readAgain = false;
        _lastReadStarted = DateTime.UtcNow;
        var generation = _streamGeneration;
        var cancellation = new CancellationTokenSource();
        var read = new SharedRead(following);
        var committer = _deps.Committer;
        var slice = _slice;
        var from = following.Min(member => member.Offset);
        _orderLog.LogDebug("Slice {Slice} reads {Tag} from offset {Offset}", _slice, _tag, from);
        var completion = _events.ReadAsync(_tag, from, EventsPerRead, _deps.Settings.BatchSize,
            async batch =>
            {
                await read.CommitAsync(batch, committer, slice, CausesOf(batch), cancellation.Token);
                return true;
            },
            cancellation.Token);
        _streamCancellation = cancellation;
        _streamCompletion = completion;
        completion.PipeTo(Self, success: events => new ReadDone(generation, events, read), failure: error => new ReadFailed(generation, error));
    }

    private void OnReadDone(ReadDone done)
    {
        _reading = false;
        foreach (var (member, applied) in done.Read.Applied)
        {
            ProjectionMetrics.EventsApplied.Add(applied, Tags(member));
        }

        // What the read says about a projection counts only if it has not stopped or started again since.
        foreach (var member in done.Read.Members.Where(member => member.IsFollowing && done.Read.IsCurrent(member)))
        {
            if (done.Read.Failures.TryGetValue(member, out var error))
            {
                Fail(member, error);
            }
            else if (done.Read.NotCommitted.Contains(member))
            {
                Recheck(member);
            }
            else
            {
                member.Offset = Math.Max(member.Offset, done.Read.Offsets[member]);
            }
        }

        // A read sees every event committed before it began (JournalFrontier): one announced meanwhile asked for another.
        if (done.Events >= EventsPerRead || _readAgain)
        {
            Read();
        }
        else
        {
            // Until the next announcement, poll or backtracking pass (a signal tests wait for, rather than for time).
            _orderLog.LogDebug("Slice {Slice} read {Events} event(s) and is idle", _slice, done.Events);
        }
    }

    /// <summary>A projection reads on its own from its offset, one read at a time, until a read finds the slice's end.</summary>
    private void StartCatchUp(SliceMember member)
    {
        if (member.CatchingUp)
        {
            return;
        }

        member.Following = false;
        member.CatchingUp = true;
        var generation = ++member.Generation;
        var cancellation = new CancellationTokenSource();
        var committer = _deps.Committer;
        var slice = _slice;
        var read = new CatchUpRead(0, member.Offset, 0, false);
        var completion = CatchUpAsync();
        member.CatchUpCancellation = cancellation;
        member.CatchUpCompletion = completion;
        completion.PipeTo(Self, success: caughtUp => new CatchUpDone(member, generation, caughtUp),
            failure: error => new CatchUpFailed(member, generation, error));

        async Task<CatchUpRead> CatchUpAsync()
        {
            await _events.ReadAsync(_tag, member.Offset, EventsPerRead, _deps.Settings.BatchSize, async events =>
            {
                var result = await committer.CommitShareAsync(member.Projection, slice, events, cancellationToken: cancellation.Token);
                if (result is null)
                {
                    // Not committed (a pause, or another worker ahead): no batch after it is tried.
                    read = read with { NotCommitted = true };
                    return false;
                }

                Settled(member, events, result);
                read = read with { Events = read.Events + events.Count, Offset = Math.Max(read.Offset, result.Offset), Applied = read.Applied + result.Applied };
                return true;
            }, cancellation.Token);
            return read;
        }
    }

    private void OnCatchUpDone(CatchUpDone done)
    {
        var member = done.Member;
        if (!member.EndCatchUp(done.Generation))
        {
            return;
        }

        ProjectionMetrics.EventsApplied.Add(done.Read.Applied, Tags(member));
        if (!member.IsRunning)
        {
            return;
        }

        member.Offset = Math.Max(member.Offset, done.Read.Offset);
        if (done.Read.NotCommitted)
        {
            Recheck(member);
            return;
        }

        member.Failures = 0;
        if (done.Read.Events >= EventsPerRead)
        {
            StartCatchUp(member);
            return;
        }

        // It reached the slice's end as it was a moment ago: close enough for the shared read to take it along.
        member.Following = true;
        Read();
    }

    private void OnCatchUpFailed(CatchUpFailed failed)
    {
        var member = failed.Member;
        if (member.EndCatchUp(failed.Generation) && member.IsRunning)
        {
            Fail(member, failed.Error);
        }
    }

    /// <summary>
    /// A commit of this projection did not land without failing: a pause was asked for (not seen yet here), or another
    /// worker of the slice is ahead of it (a hand-over). Ask for the requests now, and start again from the offset
    /// the database holds, rather than read again and again from one it has left behind.
    /// </summary>
    private void Recheck(SliceMember member)
    {
        member.Following = false;
        member.NextEpoch();
        Self.Tell(PollControl.Instance);
        _deps.Offsets.LoadAsync(member.Name, _slice).PipeTo(Self, success: offset => new OffsetLoaded(member, offset));
    }

    /// <summary>
    /// One projection could not commit. A poison event stops it until an operator resumes it; anything else sets it to
    /// retry on its own after a backoff. The other projections of the slice are not held back either way.
    /// </summary>
    private void Fail(SliceMember member, Exception error)
    {
        member.Following = false;
        member.NextEpoch();
        if (ProjectionFailures.IsPoison(error))
        {
            member.Mode = MemberMode.Reporting;
            ProjectionFailures.ReportPoisonAsync(_deps, _orderLog, member.Name, _slice, _tag, error)
                .PipeTo(Self, success: () => new PoisonReported(member));
            return;
        }

        member.Failures++;
        var backoff = TimeSpan.FromTicks(Math.Min(
            _deps.Settings.MaxRestartBackoff.Ticks,
            _deps.Settings.MinRestartBackoff.Ticks * (1L << Math.Min(member.Failures - 1, 16))));
        _log.Warning("Projection {0} slice {1} failed ({2}); it retries on its own in {3}", member.Name, _slice, error.Message, backoff);
        Report(member, ProjectionState.Retrying, ProjectionFailures.Describe(error));
        Timers.StartSingleTimer("retry-" + member.Name, new RetryMember(member), backoff);
    }

    private void StartBacktracking()
    {
        var following = _members.Where(member => member.IsFollowing).ToList();
        if (_backtracking || following.Count == 0)
        {
            return;
        }

        // Start from the offset the shared read had a window ago, and remember today's for a later pass.
        var now = DateTime.UtcNow;
        while (_offsetHistory.Count > 1 && _offsetHistory.ElementAt(1).At <= now - _deps.Settings.BacktrackingWindow)
        {
            _offsetHistory.Dequeue();
        }

        var current = following.Min(member => member.Offset);
        var from = _offsetHistory.Count > 0 ? _offsetHistory.Peek().Offset : current;
        _offsetHistory.Enqueue((now, current));
        foreach (var member in _members)
        {
            member.Seen.ForgetUpTo(from);
        }

        _backtracking = true;
        _backtrackCancellation = new CancellationTokenSource();
        var serialization = Context.System.Serialization;
        var pass = SliceBacktracking.RunAsync(_deps, _slice, _tag, following.Select(member => (member.Projection, member.Offset, member.Seen)).ToList(),
            from, (payload, serializerId, manifest) => serialization.Deserialize(payload, serializerId, manifest), _backtrackCancellation.Token);
        _backtrackCompletion = pass;
        pass.PipeTo(Self, success: result => new BacktrackDone(result.Failures), failure: error =>
        {
            if (error is not OperationCanceledException)
            {
                _log.Warning("Slice {0}: backtracking failed, next pass retries: {1}", _slice, error.Message);
            }

            return new BacktrackDone(new Dictionary<IProjection, Exception>());
        });
    }

    private void RememberCause(SliceAdvanced advanced)
    {
        var cause = OrdersTracing.ParentFrom(advanced.TraceParent);
        if (advanced.OrderId is not { } orderId || cause == default)
        {
            return;
        }

        if (_causes.Count >= MaxCauses)
        {
            _causes.Clear();
        }

        _causes[(orderId, advanced.Version)] = cause;
    }

    /// <summary>The announced writes among <paramref name="batch"/>'s events (each is taken once).</summary>
    private List<ActivityContext> CausesOf(IEnumerable<EventEnvelope> batch) =>
        batch.Select(envelope => envelope.Event is IOrderEvent e && _causes.TryRemove((e.OrderId, envelope.SequenceNr), out var cause) ? cause : default)
            .Where(cause => cause != default).ToList();

    /// <summary>
    /// Refreshes each projection's status row every backtracking interval, so that tools can tell a worker that runs
    /// from a row left behind by a service that is down (see <see cref="ProjectionStatusRow.IsLive"/>).
    /// </summary>
    private void Heartbeat()
    {
        foreach (var member in _members)
        {
            var state = member.Mode switch
            {
                MemberMode.Running => member.Failures > 0 ? null : ProjectionState.Running,
                MemberMode.Paused => ProjectionState.Paused,
                MemberMode.Failed => ProjectionState.Failed,
                _ => null,
            };
            if (state is not null)
            {
                Report(member, state);
            }
        }
    }

    private void StopSharedRead()
    {
        _streamCancellation?.Cancel();
        _streamCancellation = null;
        _reading = false;
        _streamGeneration++;
    }

    private void Report(SliceMember member, string state, string? error = null) =>
        _deps.Status.ReportAsync(member.Name, _slice, state, error).PipeTo(Self, success: () => ReportDone.Instance,
            failure: failure => new Status.Failure(failure));

    private KeyValuePair<string, object?>[] Tags(SliceMember member) =>
        [new("projection", member.Name), new("slice", _slice)];

    /// <summary>
    /// One shared read's bookkeeping, kept by its commit stage (one batch at a time, on the stream's thread) and
    /// handed to the actor when the read ends: how far each projection got, what it applied, which failed and which
    /// were not committed. A projection takes part while its epoch is the one the read started with.
    /// </summary>
    private sealed class SharedRead(IReadOnlyList<SliceMember> members)
    {
        private readonly Dictionary<SliceMember, int> _epochs = members.ToDictionary(member => member, member => member.Epoch);

        public IReadOnlyList<SliceMember> Members { get; } = members;

        public Dictionary<SliceMember, long> Offsets { get; } = members.ToDictionary(member => member, member => member.Offset);

        public Dictionary<SliceMember, long> Applied { get; } = members.ToDictionary(member => member, _ => 0L);

        public Dictionary<SliceMember, Exception> Failures { get; } = [];

        public HashSet<SliceMember> NotCommitted { get; } = [];

        public bool IsCurrent(SliceMember member) => member.Epoch == _epochs[member];

        public async Task<int> CommitAsync(
            IReadOnlyList<EventEnvelope> batch, ProjectionCommitter committer, int slice, IReadOnlyList<ActivityContext> causes,
            CancellationToken cancellationToken)
        {
            var takers = Members.Where(member => IsCurrent(member) && !Failures.ContainsKey(member) && !NotCommitted.Contains(member)).ToList();
            var shares = takers.Select(member => (member.Projection,
                (IReadOnlyList<EventEnvelope>)batch.Where(envelope => ((Sequence)envelope.Offset).Value > Offsets[member]).ToList())).ToList();
            IReadOnlyList<CommitOutcome> outcomes;
            try
            {
                outcomes = await committer.CommitAsync(shares, slice, advanceOffset: true, cancellationToken, causes);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Nobody's share could land (the database is down, or the only taker failed): each retries on its own.
                takers.ForEach(member => Failures[member] = error);
                return batch.Count;
            }

            foreach (var ((member, outcome), (_, share)) in takers.Zip(outcomes).Zip(shares))
            {
                if (outcome.Result is { } result)
                {
                    Offsets[member] = Math.Max(Offsets[member], result.Offset);
                    Applied[member] += result.Applied;
                    Settled(member, share, result);
                }
                else if (outcome.Failure is { } failure)
                {
                    Failures[member] = failure;
                }
                else
                {
                    NotCommitted.Add(member);
                }
            }

            return batch.Count;
        }
    }

    /// <summary>
    /// Records a committed share's orderings as settled for the backtracking pass, unless an event of it had to wait for
    /// an earlier version (deferred): then none of it is, so the pass looks at all of it again.
    /// </summary>
    private static void Settled(SliceMember member, IEnumerable<EventEnvelope> events, CommitResult result)
    {
        if (result.Deferred == 0)
        {
            member.Seen.Add(events.Select(envelope => ((Sequence)envelope.Offset).Value));
        }
    }

    private sealed class WindowPassed
    {
        public static readonly WindowPassed Instance = new();
    }

    private sealed class PollJournal
    {
        public static readonly PollJournal Instance = new();
    }

    private sealed class PollControl
    {
        public static readonly PollControl Instance = new();
    }

    private sealed class Backtrack
    {
        public static readonly Backtrack Instance = new();
    }


    private sealed class ReportDone
    {
        public static readonly ReportDone Instance = new();
    }

    private sealed record ControlRead(IReadOnlyList<ProjectionStatusRow> Rows);

    private sealed record OffsetLoaded(SliceMember Member, long Offset);

    private sealed record ReadDone(int Generation, long Events, SharedRead Read);

    private sealed record ReadFailed(int Generation, Exception Error);

    private sealed record CatchUpRead(long Events, long Offset, long Applied, bool NotCommitted);

    private sealed record CatchUpDone(SliceMember Member, int Generation, CatchUpRead Read);

    private sealed record BacktrackDone(IReadOnlyDictionary<IProjection, Exception> Failures);

    private sealed record CatchUpFailed(SliceMember Member, int Generation, Exception Error);

    private sealed record RetryMember(SliceMember Member);

    private sealed record PoisonReported(SliceMember Member);

    private sealed record ReportPaused(SliceMember Member);
}
