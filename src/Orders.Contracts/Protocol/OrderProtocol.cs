using Orders.Domain;

namespace Orders.Contracts.Protocol;

/// <summary>Asks an order actor for its current state; the reply is an <see cref="OrderState"/>.</summary>
public sealed record GetOrderState(string OrderId);

/// <summary>The one reply an order actor sends for each command it receives.</summary>
public abstract record CommandResult(string OrderId);

/// <param name="Replayed">True when the command id had been applied before and nothing new was persisted.</param>
public sealed record CommandAccepted(string OrderId, long Version, bool Replayed) : CommandResult(OrderId);

public sealed record CommandRejected(string OrderId, Rejection Rejection) : CommandResult(OrderId);

/// <summary>The journal could not store the events; the command may be retried with the same command id.</summary>
public sealed record CommandFailed(string OrderId, string Reason) : CommandResult(OrderId);

/// <summary>
/// Nothing was stored: this node already had as many commands waiting for the journal as it allows
/// (the write side's bounded journal queue, <c>Orders:Cluster:MaxCommandsAwaitingJournal</c>). Retry later, with the same command id to be safe.
/// </summary>
public sealed record CommandRefused(string OrderId, string Reason) : CommandResult(OrderId);
