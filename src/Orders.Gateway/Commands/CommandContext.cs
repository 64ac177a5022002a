using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.Gateway.Commands;

/// <summary>One HTTP request on its way through the <see cref="CommandPipeline"/>: each step fills in what it decides.</summary>
public sealed class CommandContext(HttpRequest request, Func<CommandMetadata, IOrderCommand> build, bool created)
{
    public HttpRequest Request { get; } = request;

    /// <summary>Makes the command once its metadata is known (<see cref="MetadataStep"/>).</summary>
    public Func<CommandMetadata, IOrderCommand> Build { get; } = build;

    /// <summary>True when an accepted command answers 201 Created (the order is new).</summary>
    public bool Created { get; } = created;

    /// <summary>Set by <see cref="MetadataStep"/>; every later step reads it.</summary>
    public IOrderCommand Command { get; set; } = null!;

    /// <summary>The order actor's one reply, set by <see cref="SendStep"/> for <see cref="AnswerStep"/>.</summary>
    public CommandResult? Result { get; set; }
}

/// <summary>The rest of the pipeline after a step.</summary>
public delegate Task<IResult> CommandStepDelegate(CommandContext command, CancellationToken cancellationToken);

/// <summary>
/// One step of the command path. A step either answers itself (a problem) or passes the command on to
/// <paramref name="next"/>, and may wrap what follows (a trace, a permit).
/// </summary>
public interface ICommandStep
{
    Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken);
}
