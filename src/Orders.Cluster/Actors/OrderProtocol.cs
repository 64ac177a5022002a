using Orders.Domain;

namespace Orders.Cluster.Actors;

/// <summary>Asks an order actor for its current state; the reply is an <see cref="OrderState"/>.</summary>
public sealed record GetOrderState(string OrderId);

/// <summary>
/// The shard's stop message for an order (idle passivation, hand-off). Unlike a PoisonPill it is a command: while a
/// write is in the journal it waits in the actor's stash, so the command being stored is still answered.
/// </summary>
public sealed class StopOrder
{
    public static readonly StopOrder Instance = new();

    private StopOrder()
    {
    }
}

/// <summary>The one reply an order actor sends for each command it receives.</summary>
public abstract record CommandResult(string OrderId);

/// <param name="Replayed">True when the command id had been applied before and nothing new was persisted.</param>
public sealed record CommandAccepted(string OrderId, long Version, bool Replayed) : CommandResult(OrderId);

public sealed record CommandRejected(string OrderId, Rejection Rejection) : CommandResult(OrderId);

/// <summary>The journal could not store the events; the command may be retried with the same command id.</summary>
public sealed record CommandFailed(string OrderId, string Reason) : CommandResult(OrderId);

/// <summary>
/// Nothing was stored: this node already had as many commands waiting for the journal as it allows
/// (<see cref="JournalAdmission"/>). Retry later, with the same command id to be safe.
/// </summary>
public sealed record CommandRefused(string OrderId, string Reason) : CommandResult(OrderId);
