namespace Orders.Projections.Runtime;

/// <summary>What <c>GET /projections</c> and <c>orders-query projections</c> show for one (projection, slice).</summary>
/// <param name="Head">The last journal ordering number of the slice's tag.</param>
/// <param name="LagEvents">Events of the slice not yet applied.</param>
/// <param name="LagSeconds">Age of the oldest event not yet applied; 0 when none waits.</param>
/// <param name="RecoveredEvents">Events the backtracking pass applied after the live stream had passed them.</param>
public sealed record WorkerStatus(
    string Projection,
    int Slice,
    string State,
    string DesiredState,
    long Offset,
    long Head,
    long LagEvents,
    double LagSeconds,
    string? LastError,
    string? ErrorPersistenceId,
    long? ErrorSequenceNr,
    long RecoveredEvents,
    DateTimeOffset UpdatedAt);
