using Orders.Domain;
using Orders.Gateway.Api;
using Orders.WriteSide.Diagnostics;

namespace Orders.Gateway.Commands;

/// <summary>
/// The domain's own validation (<see cref="OrderCommandValidator"/>) at the edge: an invalid command is answered
/// here, as the order would answer it, without a trip to the cluster.
/// </summary>
public sealed class ValidationStep(ILogger<CommandPipeline> log) : ICommandStep
{
    public Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        var order = command.Command;
        if (OrderCommandValidator.Validate(order) is not { } invalid)
        {
            return next(command, cancellationToken);
        }

        log.LogInformation("Order {OrderId}: {Command} {CommandId} is invalid: {Reason}",
            order.OrderId, OrderMetrics.CommandName(order), order.Metadata.CommandId, invalid.Message);
        return Task.FromResult<IResult>(Problems.FromRejection(order.OrderId, invalid));
    }
}
