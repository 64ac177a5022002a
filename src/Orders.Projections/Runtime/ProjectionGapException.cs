namespace Orders.Projections.Runtime;

/// <summary>An event arrived ahead of its order's next version: applying it would skip the missing ones.</summary>
public sealed class ProjectionGapException(string projection, string persistenceId, long expected, long actual)
    : Exception($"{projection}: {persistenceId} expected sequence number {expected} but received {actual}; "
                + "the missing events have not reached this projection yet")
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = actual;
}
