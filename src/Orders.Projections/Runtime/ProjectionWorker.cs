using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Cluster.Configuration;
using Orders.Cluster.Tagging;

namespace Orders.Projections.Runtime;

/// <summary>
/// Follows one slice's tagged event stream from the stored offset and commits it to one projection in batches.
/// On any failure it stops its stream and throws; its supervisor restarts it with backoff, and it resumes from
/// the offset committed last.
/// </summary>
public sealed class ProjectionWorker : ReceiveActor
{
    private readonly IProjection _projection;
    private readonly int _slice;
    private readonly ProjectionOffsets _offsets;
    private readonly ProjectionCommitter _committer;
    private readonly ProjectionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _killSwitch;

    public ProjectionWorker(
        IProjection projection, int slice, ProjectionOffsets offsets, ProjectionCommitter committer, ProjectionSettings settings)
    {
        _projection = projection;
        _slice = slice;
        _offsets = offsets;
        _committer = committer;
        _settings = settings;

        Receive<OffsetLoaded>(loaded => Follow(loaded.Offset));
        Receive<StreamEnded>(ended => throw new ProjectionStoppedException(_projection.Name, _slice, ended.Error));
        Receive<Status.Failure>(failure => throw new ProjectionStoppedException(_projection.Name, _slice, failure.Cause));
    }

    public static Props Props(
        IProjection projection, int slice, ProjectionOffsets offsets, ProjectionCommitter committer, ProjectionSettings settings) =>
        Akka.Actor.Props.Create(() => new ProjectionWorker(projection, slice, offsets, committer, settings));

    protected override void PreStart() =>
        _offsets.LoadAsync(_projection.Name, _slice).PipeTo(Self, success: offset => new OffsetLoaded(offset));

    protected override void PostStop() => _killSwitch?.Shutdown();

    private void Follow(long offset)
    {
        _log.Info("Projection {0} slice {1} follows {2} from offset {3}",
            _projection.Name, _slice, OrderTags.ForSlice(_slice), offset);
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (killSwitch, completion) = journal
            .EventsByTag(OrderTags.ForSlice(_slice), Offset.Sequence(offset))
            .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
            .SelectAsync(1, batch => _committer.CommitAsync(_projection, _slice, batch.ToList()))
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        completion.PipeTo(Self, success: () => new StreamEnded(null), failure: error => new StreamEnded(error));
    }

    private sealed record OffsetLoaded(long Offset);

    private sealed record StreamEnded(Exception? Error);
}
