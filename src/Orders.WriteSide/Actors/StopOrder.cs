namespace Orders.WriteSide.Actors;

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
