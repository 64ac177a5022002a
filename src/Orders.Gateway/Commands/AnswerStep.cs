using System.Diagnostics;
using Orders.Contracts.Protocol;
using Orders.Gateway.Api;
using Orders.WriteSide.Diagnostics;

namespace Orders.Gateway.Commands;

/// <summary>
/// The order actor's reply as HTTP: accepted → 200 (201 for a new order) with the version as ETag; rejected → the
/// rejection's problem; refused (the node's journal queue is full) → 503 <c>overloaded</c>; failed (the journal
/// did not store it) → 503 <c>unavailable</c>. The last step: it never calls further.
/// </summary>
public sealed class AnswerStep(ILogger<CommandPipeline> log) : ICommandStep
{
    public Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(command));

    private IResult Answer(CommandContext command)
    {
        var order = command.Command;
        var name = OrderMetrics.CommandName(order);
        switch (command.Result)
        {
            case CommandAccepted accepted:
                log.LogDebug("Order {OrderId}: {Command} {CommandId} accepted at version {Version}{Replayed}",
                    order.OrderId, name, order.Metadata.CommandId, accepted.Version, accepted.Replayed ? " (a repeat)" : "");
                command.Request.HttpContext.Response.Headers.ETag = $"\"{accepted.Version}\"";
                var body = new WriteResponse(accepted.OrderId, accepted.Version);
                return command.Created
                    ? TypedResults.Created($"/orders/{Uri.EscapeDataString(accepted.OrderId)}", body)
                    : TypedResults.Ok(body);
            case CommandRejected rejected:
                log.LogDebug("Order {OrderId}: {Command} {CommandId} rejected: {Code}",
                    order.OrderId, name, order.Metadata.CommandId, rejected.Rejection.Code);
                return Problems.FromRejection(rejected.OrderId, rejected.Rejection);
            case CommandRefused refused:
                log.LogWarning("Order {OrderId}: {Command} {CommandId} refused: {Reason}",
                    order.OrderId, name, order.Metadata.CommandId, refused.Reason);
                return Problems.Overloaded(command.Request.HttpContext.Response, refused.Reason + " (same Idempotency-Key)", refused.OrderId);
            case CommandFailed failed:
                log.LogWarning("Order {OrderId}: {Command} {CommandId} failed: {Reason}",
                    order.OrderId, name, order.Metadata.CommandId, failed.Reason);
                Activity.Current?.SetStatus(ActivityStatusCode.Error, failed.Reason);
                return Problems.Unavailable(failed.Reason, failed.OrderId);
            default:
                throw new InvalidOperationException(
                    $"order '{order.OrderId}': unexpected reply {command.Result?.GetType().Name ?? "(none)"}");
        }
    }
}
