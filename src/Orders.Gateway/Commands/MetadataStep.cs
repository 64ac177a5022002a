using System.Diagnostics;
using Orders.Contracts.Diagnostics;
using Orders.Domain;
using Orders.Gateway.Api;
using Orders.Gateway.Security;
using Orders.WriteSide.Diagnostics;

namespace Orders.Gateway.Commands;

/// <summary>
/// Reads what the request says about the command (<c>Idempotency-Key</c>, <c>If-Match</c>), stamps the time and
/// the caller's customer (a customer-scoped token's customer travels with the command, and the order refuses another
/// customer's order itself), makes the command, and wraps the rest of the path in its trace and log scope.
/// </summary>
public sealed class MetadataStep(TimeProvider clock, OrderAccess access, ILogger<CommandPipeline> log) : ICommandStep
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken)
    {
        var request = command.Request;
        if (!TryRead(request, out var metadata, out var problem))
        {
            return problem;
        }

        // The order actor continues this trace: its context travels in the command's metadata.
        using var activity = OrdersTracing.Source.StartActivity("orders.command", ActivityKind.Client);
        command.Command = command.Build(metadata with { TraceParent = activity?.Id, ActingCustomer = access.CustomerOf(request.HttpContext) });
        using var scope = log.BeginOrderScope(command.Command.OrderId, metadata.CommandId);
        if (activity is not null)
        {
            var name = OrderMetrics.CommandName(command.Command);
            activity.DisplayName = "orders.command " + name;
            activity.SetTag("command.type", name);
            activity.SetTag("order.id", command.Command.OrderId);
            activity.SetTag("command.id", metadata.CommandId);
        }

        var answer = await next(command, cancellationToken);
        activity?.SetTag("http.response.status_code", answer is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200);
        return answer;
    }

    /// <summary>Timestamps keep microseconds, the finest that every supported database stores exactly.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % 10, at.Offset);

    private bool TryRead(HttpRequest request, out CommandMetadata metadata, out IResult problem)
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
