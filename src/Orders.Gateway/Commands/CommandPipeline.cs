using Orders.Domain;

namespace Orders.Gateway.Commands;

/// <summary>
/// The command path, from an HTTP request to its answer, as small steps in a fixed order:
/// <see cref="MetadataStep"/> (ids, time, expected version, the caller's customer, the trace),
/// <see cref="ValidationStep"/> (the domain's own checks, before anything is sent),
/// <see cref="AuthorizationStep"/> (whose order a customer-scoped caller may create),
/// <see cref="BackPressureStep"/> (at most <c>Orders:Gateway:MaxCommandsInFlight</c> at once),
/// <see cref="SendStep"/> (one Ask to the order's actor) and <see cref="AnswerStep"/> (its reply as HTTP).
/// Every step logs under this class's category.
/// </summary>
public sealed class CommandPipeline
{
    private readonly CommandStepDelegate _first;

    public CommandPipeline(
        MetadataStep metadata, ValidationStep validation, AuthorizationStep authorization, BackPressureStep backPressure,
        SendStep send, AnswerStep answer)
    {
        ICommandStep[] steps = [metadata, validation, authorization, backPressure, send, answer];
        CommandStepDelegate next = static (command, _) =>
            throw new InvalidOperationException($"the command path ended without an answer for order '{command.Command.OrderId}'");
        foreach (var step in steps.Reverse())
        {
            var rest = next;
            next = (command, cancellationToken) => step.InvokeAsync(command, rest, cancellationToken);
        }

        _first = next;
    }

    /// <param name="build">Makes the command from the metadata the pipeline reads from the request.</param>
    /// <param name="created">True when an accepted command answers 201 Created.</param>
    public Task<IResult> SendAsync(
        HttpRequest request, Func<CommandMetadata, IOrderCommand> build, bool created = false, CancellationToken cancellationToken = default) =>
        _first(new CommandContext(request, build, created), cancellationToken);
}
