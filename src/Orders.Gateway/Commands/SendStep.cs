using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Orders.Contracts.Protocol;
using Orders.Gateway.Api;
using Orders.Gateway.Configuration;
using Orders.WriteSide.Diagnostics;
using Orders.WriteSide.Sharding;

namespace Orders.Gateway.Commands;

/// <summary>
/// The one Ask of a command: through the shard region (or its proxy on a gateway-only node) to the order's actor,
/// whose single reply goes on to <see cref="AnswerStep"/>. No reply within <see cref="GatewaySettings.AskTimeout"/>
/// answers 503: the command may or may not have been stored, so the client retries with the same Idempotency-Key.
/// While a cluster member is unreachable the wait is <see cref="GatewaySettings.AskTimeoutWhileUnreachable"/>: a
/// command sent to a lost node's orders is lost on the way, and waiting the whole timeout for it only delays the retry
/// that reaches them once they have moved. The short wait also holds for twice that long after a downed member is
/// removed: the region (or proxy) still sends to the lost node's region until it has processed that region's
/// termination, and such a command is lost as well (a kill run saw one wait the whole 5 s). Not longer: right after
/// the removal the lost node's orders recover on the others, and a command that takes longer than the short wait
/// there is slow, not lost (a CI run with a 5 s window saw one order answer 503 five times in a row).
/// </summary>
public sealed class SendStep : ICommandStep
{
    private readonly IRequiredActor<OrderRegion> _region;
    private readonly IOptions<GatewaySettings> _settings;
    private readonly ILogger<CommandPipeline> _log;
    private readonly Akka.Cluster.Cluster _cluster;
    private long _lastDownedRemoval; // Environment.TickCount64 of the last such removal; 0: none yet

    public SendStep(IRequiredActor<OrderRegion> region, ActorSystem system, IOptions<GatewaySettings> settings, ILogger<CommandPipeline> log)
    {
        _region = region;
        _settings = settings;
        _log = log;
        _cluster = Akka.Cluster.Cluster.Get(system);
        system.ActorOf(Props.Create(() => new RemovalListener(this)));
    }

    /// <summary>The wait for the order's answer now: short while a member is lost or was just removed as lost.</summary>
    public TimeSpan CurrentAskTimeout()
    {
        var settings = _settings.Value;
        var removedAt = Interlocked.Read(ref _lastDownedRemoval);
        var lost = _cluster.State.Unreachable.Count > 0
                   || (removedAt != 0 && Environment.TickCount64 - removedAt < 2 * (long)settings.AskTimeoutWhileUnreachable.TotalMilliseconds);
        return lost ? TimeSpan.FromTicks(Math.Min(settings.AskTimeout.Ticks, settings.AskTimeoutWhileUnreachable.Ticks)) : settings.AskTimeout;
    }

    public async Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        var order = command.Command;
        var timeout = CurrentAskTimeout();
        try
        {
            var target = await _region.GetAsync(cancellationToken);
            command.Result = await target.Ask<CommandResult>(order, timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            _log.LogWarning("Order {OrderId}: {Command} {CommandId} had no answer within {Timeout}",
                order.OrderId, OrderMetrics.CommandName(order), order.Metadata.CommandId, timeout);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, "ask timeout");
            return Problems.Unavailable(
                $"order '{order.OrderId}' did not answer within {timeout.TotalSeconds:0.#} s; "
                + "retry with the same Idempotency-Key to be safe", order.OrderId);
        }

        return await next(command, cancellationToken);
    }

    /// <summary>Notes when a member that was downed (crashed or cut off, not a graceful leave) is removed.</summary>
    private sealed class RemovalListener : ReceiveActor
    {
        public RemovalListener(SendStep step) =>
            Receive<Akka.Cluster.ClusterEvent.MemberRemoved>(removed =>
            {
                if (removed.PreviousStatus == Akka.Cluster.MemberStatus.Down)
                {
                    Interlocked.Exchange(ref step._lastDownedRemoval, Environment.TickCount64);
                }
            });

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(Akka.Cluster.ClusterEvent.MemberRemoved));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
