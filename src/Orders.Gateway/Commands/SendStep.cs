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
/// that reaches them once they have moved.
/// </summary>
public sealed class SendStep(IRequiredActor<OrderRegion> region, ActorSystem system, IOptions<GatewaySettings> settings, ILogger<CommandPipeline> log) : ICommandStep
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);

    public async Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        var order = command.Command;
        var timeout = _cluster.State.Unreachable.Count == 0
            ? settings.Value.AskTimeout
            : TimeSpan.FromTicks(Math.Min(settings.Value.AskTimeout.Ticks, settings.Value.AskTimeoutWhileUnreachable.Ticks));
        try
        {
            var target = await region.GetAsync(cancellationToken);
            command.Result = await target.Ask<CommandResult>(order, timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("Order {OrderId}: {Command} {CommandId} had no answer within {Timeout}",
                order.OrderId, OrderMetrics.CommandName(order), order.Metadata.CommandId, timeout);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, "ask timeout");
            return Problems.Unavailable(
                $"order '{order.OrderId}' did not answer within {timeout.TotalSeconds:0.#} s; "
                + "retry with the same Idempotency-Key to be safe", order.OrderId);
        }

        return await next(command, cancellationToken);
    }
}
