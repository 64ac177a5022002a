using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Diagnostics;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.WriteSide.Diagnostics;

namespace Orders.WriteSide.Actors;

/// <summary>
/// One order on the write side. It only orchestrates: recover by applying events; decide each command with
/// <see cref="OrderDecider"/>; persist the events; apply them; reply exactly once. No business rule lives here.
/// Its log lines carry the order id (and the command id) as structured properties; its work joins the caller's trace.
/// </summary>
public sealed class OrderActor : ReceivePersistentActor
{
    private readonly string _orderId;
    private readonly int _snapshotEvery;
    private readonly int _slice;
    private readonly ILogger _log;
    private readonly JournalAdmission _admission;
    private readonly WriteFence _fence;
    private OrderState _state = OrderState.Empty;
    private IActorRef? _awaitingPersist;
    private IOrderCommand? _awaitingCommand;
    private Activity? _awaitingActivity;

    public OrderActor(string orderId, int snapshotEvery, int slices)
    {
        _admission = JournalAdmission.For(Context.System);
        _fence = WriteFence.For(Context.System);
        _orderId = orderId;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        _slice = OrderTags.SliceOf(orderId, slices);
        _log = ActorLoggers.For<OrderActor>(Context.System);
        PersistenceId = OrderPersistenceId.For(orderId);

        Recover<SnapshotOffer>(offer => _state = (OrderState)offer.Snapshot);
        Recover<IOrderEvent>(@event => _state = _state.Apply(@event));

        Command<IOrderCommand>(Handle);
        Command<GetOrderState>(_ => Sender.Tell(_state));
        Command<StopOrder>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
        {
            using var scope = _log.BeginOrderScope(_orderId);
            _log.LogWarning(failure.Cause, "Order {OrderId}: snapshot at {Version} failed; recovery replays more events",
                _orderId, failure.Metadata.SequenceNr);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
        {
            using var scope = _log.BeginOrderScope(_orderId);
            _log.LogWarning(failure.Cause, "Order {OrderId}: old snapshots were not deleted", _orderId);
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(string orderId, int snapshotEvery, int slices) =>
        Akka.Actor.Props.Create(() => new OrderActor(orderId, snapshotEvery, slices));

    private void Handle(IOrderCommand command)
    {
        var activity = OrdersTracing.StartDetached("orders.persist", ActivityKind.Internal, command.Metadata.TraceParent);
        activity?.SetTag("order.id", _orderId);
        activity?.SetTag("command.id", command.Metadata.CommandId);
        activity?.SetTag("command.type", OrderMetrics.CommandName(command));
        using var scope = _log.BeginOrderScope(_orderId, command.Metadata.CommandId);
        switch (OrderDecider.Decide(_state, command))
        {
            case Decision.AlreadyApplied applied:
                OrderMetrics.Count(command, "replayed");
                _log.LogDebug("Order {OrderId}: {Command} {CommandId} was applied before, at version {Version}",
                    _orderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, applied.Version);
                Sender.Tell(new CommandAccepted(_orderId, applied.Version, Replayed: true));
                Finish(activity, "replayed");
                break;
            case Decision.Rejected rejected:
                OrderMetrics.Count(command, "rejected", rejected.Rejection.Code);
                _log.LogDebug("Order {OrderId}: {Command} {CommandId} rejected ({Code})",
                    _orderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, rejected.Rejection.Code);
                Sender.Tell(new CommandRejected(_orderId, rejected.Rejection));
                Finish(activity, "rejected");
                break;
            case Decision.Accepted accepted:
                Persist(command, accepted.Events, activity);
                break;
        }
    }

    private void Persist(IOrderCommand command, IReadOnlyList<IOrderEvent> events, Activity? activity)
    {
        var replyTo = Sender;
        if (_fence.Refusal() is { } fenced)
        {
            OrderMetrics.Count(command, "fenced");
            _log.LogWarning("Order {OrderId}: {Command} {CommandId} not written: {Reason}",
                _orderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, fenced);
            replyTo.Tell(new CommandFailed(_orderId, fenced));
            Finish(activity, "fenced");
            return;
        }

        if (!_admission.TryEnter())
        {
            OrderMetrics.Count(command, "refused");
            _log.LogDebug("Order {OrderId}: {Command} {CommandId} refused: {Limit} commands are already waiting for the journal",
                _orderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, _admission.Limit);
            replyTo.Tell(new CommandRefused(_orderId,
                $"{_admission.Limit} commands are already waiting for the journal on this node; nothing was stored, retry later"));
            Finish(activity, "refused");
            return;
        }

        var started = Stopwatch.GetTimestamp();
        _awaitingCommand = command;
        _awaitingActivity = activity;
        var remaining = events.Count;
        var versionBefore = _state.Version;
        _awaitingPersist = replyTo;
        activity?.SetTag("events", events.Count);
        PersistAll(events, @event =>
        {
            _state = _state.Apply(@event);
            if (--remaining > 0)
            {
                return;
            }

            _awaitingPersist = null;
            _awaitingCommand = null;
            _awaitingActivity = null;
            _admission.Leave();
            OrderMetrics.PersistDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            OrderMetrics.Count(command, "accepted");
            using (_log.BeginOrderScope(_orderId, command.Metadata.CommandId))
            {
                _log.LogDebug("Order {OrderId}: {Command} {CommandId} stored {Events} events, now at version {Version}",
                    _orderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, events.Count, _state.Version);
            }

            replyTo.Tell(new CommandAccepted(_orderId, _state.Version, Replayed: false));
            activity?.SetTag("order.version", _state.Version);
            DistributedPubSub.Get(Context.System).Mediator.Tell(
                new Publish(OrderTags.ForSlice(_slice), new SliceAdvanced(_slice, activity?.Id, _orderId, _state.Version)));
            Finish(activity, "accepted");
            if (_state.Version / _snapshotEvery > versionBefore / _snapshotEvery)
            {
                SaveSnapshot(_state);
            }
        });
    }

    private static void Finish(Activity? activity, string outcome, string? error = null)
    {
        activity?.SetTag("outcome", outcome);
        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        OrdersTracing.StopDetached(activity);
    }

    /// <remarks>Logged here, with the order's properties, instead of by the base class; the actor stops after this.</remarks>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The actor stops after this (its state may be behind the journal); the next message recovers it.
        Failed(cause, sequenceNr, "the journal could not store the command: ");
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Failed(cause, sequenceNr, "the journal rejected the event: ");
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        using var scope = _log.BeginOrderScope(_orderId);
        _log.LogError(reason, "Order {OrderId}: recovery from the journal failed; the next message tries again", _orderId);
    }

    private void Failed(Exception cause, long sequenceNr, string reason)
    {
        using (_log.BeginOrderScope(_orderId, _awaitingCommand?.Metadata.CommandId))
        {
            _log.LogWarning(cause, "Order {OrderId}: {Command} {CommandId} not stored (event {SequenceNr}): {Reason}", _orderId,
                _awaitingCommand is { } c ? OrderMetrics.CommandName(c) : "command", _awaitingCommand?.Metadata.CommandId, sequenceNr,
                cause.Message);
        }

        CountFailed();
        if (_awaitingPersist is not null)
        {
            _admission.Leave();
            _awaitingPersist.Tell(new CommandFailed(_orderId, reason + cause.Message));
            _awaitingPersist = null;
        }

        Finish(_awaitingActivity, "failed", cause.Message);
        _awaitingActivity = null;
    }

    protected override void PreStart()
    {
        OrderMetrics.OrderStarted();
        base.PreStart();
    }

    protected override void PostStop()
    {
        if (_awaitingPersist is not null)
        {
            // Stopped before the journal answered: the place in the queue is not kept forever.
            _admission.Leave();
            _awaitingPersist = null;
        }

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
