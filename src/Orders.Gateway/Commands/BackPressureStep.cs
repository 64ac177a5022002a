using Microsoft.Extensions.Options;
using Orders.Gateway.Api;
using Orders.Gateway.Configuration;
using Orders.WriteSide.Diagnostics;

namespace Orders.Gateway.Commands;

/// <summary>
/// At most <see cref="GatewaySettings.MaxCommandsInFlight"/> commands wait for their orders at once (a singleton,
/// so the bound is per gateway); past it a command is answered 503 <c>overloaded</c> with Retry-After at once
/// instead of queueing without bound.
/// </summary>
public sealed class BackPressureStep(IOptions<GatewaySettings> settings, ILogger<CommandPipeline> log) : ICommandStep
{
    // Not disposed with the container: a request still running at shutdown releases its permit after it.
    private readonly SemaphoreSlim _inFlight = new(Math.Max(1, settings.Value.MaxCommandsInFlight));

    public async Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        if (!_inFlight.Wait(0, CancellationToken.None))
        {
            var order = command.Command;
            log.LogWarning("Order {OrderId}: {Command} {CommandId} refused: {Limit} commands already in flight",
                order.OrderId, OrderMetrics.CommandName(order), order.Metadata.CommandId, settings.Value.MaxCommandsInFlight);
            return Problems.Overloaded(command.Request.HttpContext.Response, settings.Value.MaxCommandsInFlight);
        }

        try
        {
            return await next(command, cancellationToken);
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
