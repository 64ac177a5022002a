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
    long Offset);
