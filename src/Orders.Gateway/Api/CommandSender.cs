using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using System.Diagnostics;
using Orders.Cluster.Actors;
using Orders.Cluster.Diagnostics;
using Orders.Cluster.Sharding;
using Orders.Domain;
using Orders.Gateway.Configuration;
using Orders.Gateway.Security;

namespace Orders.Gateway.Api;

/// <summary>
/// Turns an HTTP request into a command: stamps time and ids, validates at the edge, asks the order's actor
/// through the shard region and maps its single reply to an HTTP answer.
/// </summary>
public sealed class CommandSender(
    IRequiredActor<OrderRegion> region, TimeProvider clock, IOptions<GatewaySettings> settings, OrderAccess access,
    ILogger<CommandSender> log)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The commands in flight, bounded by <see cref="GatewaySettings.MaxCommandsInFlight"/> (this sender is a singleton).</summary>
    private readonly SemaphoreSlim _inFlight = new(Math.Max(1, settings.Value.MaxCommandsInFlight));

    public async Task<IResult> SendAsync(
        HttpRequest request, Func<CommandMetadata, IOrderCommand> build, bool created = false, CancellationToken cancellationToken = default)
    {
        if (!TryReadMetadata(request, out var metadata, out var problem))
        {
            return problem;
        }

        // The order actor continues this trace: its context travels in the command's metadata.
        using var activity = OrdersTracing.Source.StartActivity("orders.command", ActivityKind.Client);
        // A customer-scoped caller's customer travels with the command: the order refuses another customer's order itself.
        var command = build(metadata with { TraceParent = activity?.Id, ActingCustomer = access.CustomerOf(request.HttpContext) });
        using var scope = log.BeginOrderScope(command.OrderId, metadata.CommandId);
        if (activity is not null)
        {
            activity.DisplayName = "orders.command " + OrderMetrics.CommandName(command);
            activity.SetTag("command.type", OrderMetrics.CommandName(command));
            activity.SetTag("order.id", command.OrderId);
            activity.SetTag("command.id", metadata.CommandId);
        }

        var answer = await SendAsync(request, command, created, cancellationToken);
        activity?.SetTag("http.response.status_code", answer is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200);
        return answer;
    }

    private async Task<IResult> SendAsync(HttpRequest request, IOrderCommand command, bool created, CancellationToken cancellationToken)
    {
        if (OrderCommandValidator.Validate(command) is { } invalid)
        {
            log.LogInformation("Order {OrderId}: {Command} {CommandId} is invalid: {Reason}",
                command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, invalid.Message);
            return Problems.FromRejection(command.OrderId, invalid);
        }

        if (command is CreateOrder create && !OrderOwnership.Allows(command.Metadata.ActingCustomer, create.CustomerId))
        {
            return OrderAccess.OtherCustomer(create.CustomerId);
        }

        if (!_inFlight.Wait(0, CancellationToken.None))
        {
            log.LogWarning("Order {OrderId}: {Command} {CommandId} refused: {Limit} commands already in flight",
                command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, settings.Value.MaxCommandsInFlight);
            return Problems.Overloaded(request.HttpContext.Response, settings.Value.MaxCommandsInFlight);
        }

        CommandResult result;
        try
        {
            var target = await region.GetAsync(cancellationToken);
            result = await target.Ask<CommandResult>(command, settings.Value.AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("Order {OrderId}: {Command} {CommandId} had no answer within {Timeout}",
                command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, settings.Value.AskTimeout);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, "ask timeout");
            return Problems.Unavailable(
                $"order '{command.OrderId}' did not answer within {settings.Value.AskTimeout.TotalSeconds:0.#} s; "
                + "retry with the same Idempotency-Key to be safe", command.OrderId);
        }
        finally
        {
            _inFlight.Release();
        }

        switch (result)
        {
            case CommandAccepted accepted:
                log.LogDebug("Order {OrderId}: {Command} {CommandId} accepted at version {Version}{Replayed}",
                    command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, accepted.Version,
                    accepted.Replayed ? " (a repeat)" : "");
                return Accepted(request, accepted, created);
            case CommandRejected rejected:
                log.LogDebug("Order {OrderId}: {Command} {CommandId} rejected: {Code}",
                    command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, rejected.Rejection.Code);
                return Problems.FromRejection(rejected.OrderId, rejected.Rejection);
            case CommandRefused refused:
                log.LogWarning("Order {OrderId}: {Command} {CommandId} refused: {Reason}",
                    command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, refused.Reason);
                return Problems.Overloaded(request.HttpContext.Response, refused.Reason + " (same Idempotency-Key)", refused.OrderId);
            case CommandFailed failed:
                log.LogWarning("Order {OrderId}: {Command} {CommandId} failed: {Reason}",
                    command.OrderId, OrderMetrics.CommandName(command), command.Metadata.CommandId, failed.Reason);
                Activity.Current?.SetStatus(ActivityStatusCode.Error, failed.Reason);
                return Problems.Unavailable(failed.Reason, failed.OrderId);
            default:
                throw new InvalidOperationException($"unexpected reply {result.GetType().Name}");
        }
    }

    private static IResult Accepted(HttpRequest request, CommandAccepted accepted, bool created)
    {
        request.HttpContext.Response.Headers.ETag = $"\"{accepted.Version}\"";
        var body = new WriteResponse(accepted.OrderId, accepted.Version);
        return created
            ? TypedResults.Created($"/orders/{Uri.EscapeDataString(accepted.OrderId)}", body)
            : TypedResults.Ok(body);
    }

    /// <summary>Timestamps keep microseconds, the finest that every supported database stores exactly.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % 10, at.Offset);

    private bool TryReadMetadata(HttpRequest request, out CommandMetadata metadata, out IResult problem)
    {
        metadata = null!;
        problem = null!;
        string? commandId = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys))
        {
            if (keys.Count != 1 || string.IsNullOrWhiteSpace(keys[0]))
            {
                problem = Problems.BadRequest($"{IdempotencyKeyHeader} must be one non-empty value");
                return false;
            }

            commandId = keys[0];
        }

        long? expectedVersion = null;
        if (request.Headers.IfMatch.Count > 0)
        {
            if (!EntityTagVersion.TryParse(request.Headers.IfMatch.ToString(), out var version))
            {
                problem = Problems.BadRequest("If-Match must be one order version, such as \"3\"");
                return false;
            }

            expectedVersion = version;
        }

        metadata = new CommandMetadata(Microseconds(clock.GetUtcNow()), commandId, expectedVersion);
        return true;
    }
}
