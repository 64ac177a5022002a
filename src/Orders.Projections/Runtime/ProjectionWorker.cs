using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Logging;
using Orders.Cluster.Actors;
using Orders.Cluster.Diagnostics;
using Orders.Cluster.Tagging;
using Orders.Domain;

namespace Orders.Projections.Runtime;

/// <summary>
/// Follows one slice's tagged events and commits them to one projection in batches, from the offset committed
/// last. It reads the journal when an order actor announces new events in its slice (<see cref="SliceAdvanced"/>,
/// cluster-wide pub-sub) and, as a fallback, every poll interval — so an idle service costs little and a command
/// reaches the read tables within milliseconds. Every second it reads what operators ask (run or pause); every
/// backtracking interval it re-reads the events just behind its offset for ones that committed late. A transient
/// failure makes it throw, so that its supervisor restarts it with backoff; a poison event stops it, reported
/// with the event, until an operator resumes it.
/// </summary>
public sealed class ProjectionWorker : ReceiveActor, IWithTimers
{
    private readonly IProjection _projection;
    private readonly int _slice;
    private readonly string _tag;
    private readonly ProjectionDependencies _deps;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Mode _mode = Mode.Starting;
    /// <summary>Most events one read takes before it commits them and reads again.</summary>
    private const int EventsPerRead = 1000;

    /// <summary>Ordering numbers behind its starting offset that a worker's first backtracking pass re-reads.</summary>
    private const long RestartLookBehind = 1000;

    private UniqueKillSwitch? _stream;
    private CancellationTokenSource? _streamCancellation;
    private Task _streamCompletion = Task.CompletedTask;
    private Task _commitInFlight = Task.CompletedTask;
    private Task _backtrackCompletion = Task.CompletedTask;
    private CancellationTokenSource? _backtrackCancellation;
    private int _streamGeneration;
    private bool _backtracking;
    private bool _controlReading;
    private long _offset;
    private bool _reading;
    private bool _readAgain;

    /// <summary>
    /// Trace contexts of announced writes by (order id, version): the commit that applies that version links to it.
    /// Written by the actor, taken by the stream's commit stage; bounded (an announcement whose events a poll applied
    /// first is never taken).
    /// </summary>
    private readonly ConcurrentDictionary<(string OrderId, long Version), ActivityContext> _causes = new();
    private const int MaxCauses = 4096;

    /// <summary>Lines about one order go to the host's structured log with its id (the rest use Akka's log).</summary>
    private readonly ILogger _orderLog = ActorLoggers.For<ProjectionWorker>(Context.System);
    private DateTime _lastReadStarted;

    /// <summary>The offset at each backtracking pass, oldest first: where the next pass starts re-reading.</summary>
    private readonly Queue<(DateTime At, long Offset)> _offsetHistory = new();

    public ProjectionWorker(IProjection projection, int slice, ProjectionDependencies deps)
    {
        _projection = projection;
        _slice = slice;
        _tag = OrderTags.ForSlice(slice);
        _deps = deps;

        // One control read at a time: reads that overlapped could land out of order and undo a newer request.
        Receive<PollControl>(_ =>
        {
            if (_controlReading)
            {
                return;
            }

            _controlReading = true;
            _deps.Status.ReadAsync(_projection.Name, _slice).PipeTo(Self, success: row => new ControlRead(row));
        });
        Receive<ControlRead>(read =>
        {
            _controlReading = false;
            OnControl(read.Row);
        });
        Receive<OffsetLoaded>(loaded => Follow(loaded.Offset));
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
        Receive<ReadDone>(done => done.Generation == _streamGeneration && _mode == Mode.Running, OnReadDone);
        Receive<ReadDone>(_ => { });
        Receive<StreamEnded>(ended => ended.Generation == _streamGeneration && _mode == Mode.Running, OnStreamEnded);
        Receive<StreamEnded>(_ => { });
        Receive<Backtrack>(_ =>
        {
            Heartbeat();
            StartBacktracking();
        });
        Receive<BacktrackDone>(_ => { _backtracking = false; });
        Receive<PoisonReported>(_ => _mode = Mode.Failed);
        Receive<ReportDone>(_ => { });
        Receive<ReportPaused>(_ =>
        {
            if (_mode == Mode.Paused)
            {
                Report(ProjectionState.Paused);
                _log.Info("Projection {0} slice {1} paused", _projection.Name, _slice);
            }
        });
        Receive<Status.Failure>(failure => throw new ProjectionStoppedException(_projection.Name, _slice, failure.Cause));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private enum Mode
    {
        Starting,
        Running,
        Paused,
        Failed,
    }

    public static Props Props(IProjection projection, int slice, ProjectionDependencies deps) =>
        Akka.Actor.Props.Create(() => new ProjectionWorker(projection, slice, deps));

    protected override void PreStart()
    {
        _deps.Status.EnsureAsync(_projection.Name, _slice)
            .ContinueWith(task => task.IsFaulted ? (object)new Status.Failure(task.Exception!) : PollControl.Instance)
            .PipeTo(Self);
        Timers.StartPeriodicTimer("control", PollControl.Instance, _deps.Settings.ControlInterval);
        Timers.StartPeriodicTimer("backtrack", Backtrack.Instance, _deps.Settings.BacktrackingInterval);
        Timers.StartPeriodicTimer("poll", PollJournal.Instance, _deps.Settings.PollInterval);
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(_tag, Self));
    }

    protected override void PostStop() => StopStream();

    private void OnControl(ProjectionStatusRow? row)
    {
        if (row is null)
        {
            return;
        }

        var pauseRequested = row.DesiredState == ProjectionState.Paused;
        switch (_mode)
        {
            case Mode.Running or Mode.Starting or Mode.Failed when pauseRequested:
                // "Paused" is reported once the read, the commit and the backtracking pass in flight have ended
                // (a killed stream completes before the commit it started does): after that, nothing more is committed.
                _backtrackCancellation?.Cancel();
                var inFlight = Task.WhenAll(_streamCompletion, Volatile.Read(ref _commitInFlight), _backtrackCompletion);
                StopStream();
                _mode = Mode.Paused;
                inFlight.ContinueWith(_ => { }, TaskScheduler.Default).PipeTo(Self, success: () => ReportPaused.Instance);
                break;
            case Mode.Starting when row.State == ProjectionState.Failed:
                // A poison event stopped this worker before this incarnation: it stays stopped until resumed.
                _mode = Mode.Failed;
                break;
            case Mode.Starting or Mode.Paused when !pauseRequested:
            case Mode.Failed when !pauseRequested && row.State != ProjectionState.Failed:
                _mode = Mode.Running;
                _deps.Offsets.LoadAsync(_projection.Name, _slice).PipeTo(Self, success: offset => new OffsetLoaded(offset));
                break;
        }
    }

    private void Follow(long offset)
    {
        if (_mode != Mode.Running)
        {
            return;
        }

        _log.Info("Projection {0} slice {1} follows {2} from offset {3}", _projection.Name, _slice, _tag, offset);
        Report(ProjectionState.Running);
        // Whatever happened while this worker did not follow (a rebuild's swap, a reset) is in the tables, not in its cache.
        _deps.Committer.Forget(_projection.Name, _slice);
        _offset = offset;
        // A previous incarnation may have passed a gap just before it stopped: look a little behind the start.
        _offsetHistory.Clear();
        _offsetHistory.Enqueue((DateTime.UtcNow, Math.Max(0, offset - RestartLookBehind)));
        _reading = false;
        Read();
    }

    /// <summary>
    /// Reads what the slice holds after the offset and commits it. Only one read runs at a time; a request that
    /// arrives meanwhile makes another read follow, so no announcement is lost.
    /// </summary>
    private void Read()
    {
        if (_mode != Mode.Running)
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
        var (killSwitch, completion) = ReadJournal()
            .CurrentEventsByTag(_tag, Offset.Sequence(_offset))
            .Take(EventsPerRead)
            .Grouped(_deps.Settings.BatchSize)
            .SelectAsync(1, batch =>
            {
                var commit = _deps.Committer.CommitAsync(_projection, _slice, batch.ToList(), cancellationToken: cancellation.Token, causes: CausesOf(batch));
                Volatile.Write(ref _commitInFlight, commit);
                return commit;
            })
            .ViaMaterialized(KillSwitches.Single<CommitResult>(), Keep.Right)
            .ToMaterialized(
                Sink.Aggregate<CommitResult, (long Events, long Offset)>((0L, _offset), (read, result) =>
                {
                    ProjectionMetrics.EventsApplied.Add(result.Applied, Tags());
                    return (read.Events + result.Applied + result.Duplicates + result.Deferred, Math.Max(read.Offset, result.Offset));
                }),
                Keep.Both)
            .Run(Context.Materializer());
        _stream = killSwitch;
        _streamCancellation = cancellation;
        _streamCompletion = completion;
        completion.PipeTo(Self, success: read => new ReadDone(generation, read.Events, read.Offset),
            failure: error => new StreamEnded(generation, error));
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

    private void OnReadDone(ReadDone done)
    {
        _stream = null;
        _reading = false;
        _offset = Math.Max(_offset, done.Offset);
        if (done.Events >= EventsPerRead || _readAgain)
        {
            Read();
        }
    }

    private void OnStreamEnded(StreamEnded ended)
    {
        _stream = null;
        _reading = false;
        if (ended.Error is var error && IsPoison(error))
        {
            _mode = Mode.Starting; // until the report lands; then Failed
            ReportPoisonAsync(error).PipeTo(Self, success: () => PoisonReported.Instance);
            return;
        }

        Report(ProjectionState.Retrying, ended.Error!.Message);
        throw new ProjectionStoppedException(_projection.Name, _slice, ended.Error);
    }

    private async Task ReportPoisonAsync(Exception error)
    {
        var poison = Find<PoisonEventException>(error);
        var (persistenceId, sequenceNr) = poison is not null
            ? (poison.PersistenceId, poison.SequenceNr)
            : await _deps.Journal.FirstUnreadableAfterAsync(_tag, await _deps.Offsets.LoadAsync(_projection.Name, _slice)) is { } first
                ? (first.PersistenceId, first.SequenceNr)
                : ("(unknown)", 0L);
        var orderId = OrderPersistenceId.ToOrderId(persistenceId) ?? persistenceId;
        using (_orderLog.BeginOrderScope(orderId))
        {
            _orderLog.LogError(error, "Projection {Projection} slice {Slice} stopped at order {OrderId}'s event {SequenceNr}, which it cannot apply",
                _projection.Name, _slice, orderId, sequenceNr);
        }

        await _deps.Status.ReportAsync(_projection.Name, _slice, ProjectionState.Failed, Describe(error), persistenceId, sequenceNr);
    }

    private void StartBacktracking()
    {
        if (_mode != Mode.Running || _backtracking)
        {
            return;
        }

        // Start from the offset the worker had a window ago, and remember today's for a later pass.
        var now = DateTime.UtcNow;
        while (_offsetHistory.Count > 1 && _offsetHistory.ElementAt(1).At <= now - _deps.Settings.BacktrackingWindow)
        {
            _offsetHistory.Dequeue();
        }

        var from = _offsetHistory.Count > 0 ? _offsetHistory.Peek().Offset : _offset;
        _offsetHistory.Enqueue((now, _offset));
        _backtracking = true;
        _backtrackCancellation = new CancellationTokenSource();
        _backtrackCompletion = BacktrackAsync(from, ReadJournal(), Context.System.Materializer(), _backtrackCancellation.Token);
        _backtrackCompletion.PipeTo(Self, success: () => BacktrackDone.Instance, failure: error =>
        {
            if (error is not OperationCanceledException)
            {
                _log.Warning("Projection {0} slice {1}: backtracking failed, next pass retries: {2}", _projection.Name, _slice, error.Message);
            }

            return BacktrackDone.Instance;
        });
    }

    /// <summary>
    /// The SQL read journal moves past a missing ordering number after a bounded wait; a transaction that commits
    /// later than that would be lost. Re-reading the window behind the offset finds such events; events already
    /// applied fall away as duplicates.
    /// </summary>
    private async Task BacktrackAsync(long from, SqlReadJournal journal, IMaterializer materializer, CancellationToken cancellationToken)
    {
        var offset = await _deps.Offsets.LoadAsync(_projection.Name, _slice, cancellationToken);
        if (offset <= from)
        {
            return;
        }

        var recovered = await journal
            .CurrentEventsByTag(_tag, Offset.Sequence(from))
            .TakeWhile(envelope => ((Sequence)envelope.Offset).Value <= offset)
            .Grouped(_deps.Settings.BatchSize)
            .SelectAsync(1, batch => _deps.Committer.CommitMissedAsync(_projection, _slice, batch.ToList(), cancellationToken))
            .RunAggregate(0L, (sum, result) => sum + result.Applied, materializer);
        if (recovered > 0)
        {
            _log.Warning("Projection {0} slice {1}: backtracking applied {2} events that committed late", _projection.Name, _slice, recovered);
            ProjectionMetrics.BacktrackingRecovered.Add(recovered, Tags());
            await _deps.Status.AddRecoveredAsync(_projection.Name, _slice, recovered);
        }
    }

    /// <summary>
    /// Refreshes this worker's status row every backtracking interval, so that tools can tell a worker that runs
    /// from a row left behind by a service that is down (see <see cref="ProjectionStatusRow.IsLive"/>).
    /// </summary>
    private void Heartbeat()
    {
        var state = _mode switch
        {
            Mode.Running => ProjectionState.Running,
            Mode.Paused => ProjectionState.Paused,
            Mode.Failed => ProjectionState.Failed,
            _ => null,
        };
        if (state is not null)
        {
            Report(state);
        }
    }

    private void StopStream()
    {
        _streamCancellation?.Cancel();
        _streamCancellation = null;
        _stream?.Shutdown();
        _stream = null;
        _reading = false;
        _streamGeneration++;
    }

    private void Report(string state, string? error = null) =>
        _deps.Status.ReportAsync(_projection.Name, _slice, state, error).PipeTo(Self, success: () => ReportDone.Instance,
            failure: failure => new Status.Failure(failure));

    private SqlReadJournal ReadJournal() =>
        PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    private KeyValuePair<string, object?>[] Tags() =>
        [new("projection", _projection.Name), new("slice", _slice)];

    /// <summary>Failures no retry can cure: an event this code cannot read or apply.</summary>
    private static bool IsPoison(Exception error) =>
        Find<PoisonEventException>(error) is not null || Find<SerializationException>(error) is not null || Find<JsonException>(error) is not null;

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }

            if (error is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static string Describe(Exception error) =>
        string.Join(" → ", Enumerable.Repeat(error, 1).Concat(Inner(error)).Select(e => $"{e.GetType().Name}: {e.Message}").Distinct());

    private static IEnumerable<Exception> Inner(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            yield return inner;
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

    private sealed class BacktrackDone
    {
        public static readonly BacktrackDone Instance = new();
    }

    private sealed class PoisonReported
    {
        public static readonly PoisonReported Instance = new();
    }

    private sealed class ReportPaused
    {
        public static readonly ReportPaused Instance = new();
    }

    private sealed class ReportDone
    {
        public static readonly ReportDone Instance = new();
    }

    private sealed record ControlRead(ProjectionStatusRow? Row);

    private sealed record OffsetLoaded(long Offset);

    private sealed record StreamEnded(int Generation, Exception Error);

    private sealed record ReadDone(int Generation, long Events, long Offset);
}
