using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Orders.Cluster.Diagnostics;
using Orders.Cluster.Tagging;
using Orders.Domain;

namespace Orders.Cluster.Actors;

/// <summary>
/// One order on the write side. It only orchestrates: recover by applying events; decide each command with
/// <see cref="OrderDecider"/>; persist the events; apply them; reply exactly once. No business rule lives here.
/// </summary>
public sealed class OrderActor : ReceivePersistentActor
{
    private readonly string _orderId;
    private readonly int _snapshotEvery;
    private readonly Publish _sliceAdvanced;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private OrderState _state = OrderState.Empty;
    private IActorRef? _awaitingPersist;
    private IOrderCommand? _awaitingCommand;

    public OrderActor(string orderId, int snapshotEvery, int slices)
    {
        _orderId = orderId;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        var slice = OrderTags.SliceOf(orderId, slices);
        _sliceAdvanced = new Publish(OrderTags.ForSlice(slice), new SliceAdvanced(slice));
        PersistenceId = OrderPersistenceId.For(orderId);

        Recover<SnapshotOffer>(offer => _state = (OrderState)offer.Snapshot);
        Recover<IOrderEvent>(@event => _state = _state.Apply(@event));

        Command<IOrderCommand>(Handle);
        Command<GetOrderState>(_ => Sender.Tell(_state));
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning(failure.Cause, "Order {0}: snapshot at {1} failed; recovery replays more events",
                _orderId, failure.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning(failure.Cause, "Order {0}: old snapshots were not deleted", _orderId));
    }

    public override string PersistenceId { get; }

    public static Props Props(string orderId, int snapshotEvery, int slices) =>
        Akka.Actor.Props.Create(() => new OrderActor(orderId, snapshotEvery, slices));

    private void Handle(IOrderCommand command)
    {
        switch (OrderDecider.Decide(_state, command))
        {
            case Decision.AlreadyApplied applied:
                OrderMetrics.Count(command, "replayed");
                Sender.Tell(new CommandAccepted(_orderId, applied.Version, Replayed: true));
                break;
            case Decision.Rejected rejected:
                OrderMetrics.Count(command, "rejected", rejected.Rejection.Code);
                Sender.Tell(new CommandRejected(_orderId, rejected.Rejection));
                break;
            case Decision.Accepted accepted:
                Persist(command, accepted.Events);
                break;
        }
    }

    private void Persist(IOrderCommand command, IReadOnlyList<IOrderEvent> events)
    {
        var replyTo = Sender;
        var started = Stopwatch.GetTimestamp();
        _awaitingCommand = command;
        var remaining = events.Count;
        var versionBefore = _state.Version;
        _awaitingPersist = replyTo;
        PersistAll(events, @event =>
        {
            _state = _state.Apply(@event);
            if (--remaining > 0)
            {
                return;
            }

            _awaitingPersist = null;
            _awaitingCommand = null;
            OrderMetrics.PersistDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            OrderMetrics.Count(command, "accepted");
            replyTo.Tell(new CommandAccepted(_orderId, _state.Version, Replayed: false));
            DistributedPubSub.Get(Context.System).Mediator.Tell(_sliceAdvanced);
            if (_state.Version / _snapshotEvery > versionBefore / _snapshotEvery)
            {
                SaveSnapshot(_state);
            }
        });
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The actor stops after this (its state may be behind the journal); the next message recovers it.
        CountFailed();
        _awaitingPersist?.Tell(new CommandFailed(_orderId, "the journal could not store the command: " + cause.Message));
        _awaitingPersist = null;
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        CountFailed();
        _awaitingPersist?.Tell(new CommandFailed(_orderId, "the journal rejected the event: " + cause.Message));
        _awaitingPersist = null;
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void PreStart()
    {
        OrderMetrics.OrderStarted();
        base.PreStart();
    }

    protected override void PostStop()
    {
        OrderMetrics.OrderStopped();
        base.PostStop();
    }

    private void CountFailed()
    {
        if (_awaitingCommand is { } command)
        {
            OrderMetrics.Count(command, "failed");
            _awaitingCommand = null;
        }
    }
}
