namespace Orders.Projections.Runtime;

/// <summary>One row of <c>projection_status</c>, with the slice's committed offset.</summary>
public sealed record ProjectionStatusRow(
    string Projection,
    int Slice,
    string DesiredState,
    string State,
    string? LastError,
    string? ErrorPersistenceId,
    long? ErrorSequenceNr,
    long RecoveredEvents,
    DateTimeOffset UpdatedAt,
    long Offset)
{
    /// <summary>
    /// Whether a worker has reported lately. Workers report at least every backtracking interval; a row older than
    /// three of those belongs to a worker that is not running (the service is down), which commits nothing.
    /// </summary>
    public bool IsLive(DateTimeOffset now, TimeSpan backtrackingInterval) => now - UpdatedAt < LiveWithin(backtrackingInterval);

    /// <summary>How recently a worker that is running has written its row: it does so at least every backtracking interval.</summary>
    public static TimeSpan LiveWithin(TimeSpan backtrackingInterval) => backtrackingInterval * 3;
}
