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
/// </summary>
public sealed class SendStep(IRequiredActor<OrderRegion> region, IOptions<GatewaySettings> settings, ILogger<CommandPipeline> log) : ICommandStep
{
    public async Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        var order = command.Command;
        var timeout = settings.Value.AskTimeout;
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
