using Akka.Actor;

namespace Orders.WriteSide.Actors;

/// <summary>
/// The bounded queue before the journal: how many commands this node's order actors may have waiting for the
/// journal at once. Past it, a command is refused at once (<see cref="CommandRefused"/>) instead of queuing behind
/// writes the database cannot take yet, where it would wait out the journal's call timeout and fail — so an
/// offered rate beyond capacity leaves the journal busy at capacity and turns the excess away quickly.
/// One per actor system (an Akka extension), shared by its order actors; the bound is <see cref="LimitConfigPath"/>.
/// </summary>
public sealed class JournalAdmission(int limit) : IExtension
{
    /// <summary>Where the bound is configured (from <c>Orders:Cluster:MaxCommandsAwaitingJournal</c>); absent: no bound.</summary>
    public const string LimitConfigPath = "orders.write.max-commands-awaiting-journal";

    private int _waiting;

    public int Limit { get; } = Math.Max(1, limit);

    /// <summary>Commands waiting for the journal now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static JournalAdmission For(ActorSystem system) => system.WithExtension<JournalAdmission, JournalAdmissionProvider>();

    /// <summary>Takes a place in the queue; false (and nothing taken) when it is full.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _waiting) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _waiting);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>, once the journal has answered.</summary>
    public void Leave() => Interlocked.Decrement(ref _waiting);
}

public sealed class JournalAdmissionProvider : ExtensionIdProvider<JournalAdmission>
{
    public override JournalAdmission CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Config.GetInt(JournalAdmission.LimitConfigPath, int.MaxValue));
}
