namespace Orders.Projections.Runtime;

/// <summary>
/// An event that cannot be projected by this code, however often it is retried. Its worker stops and reports it;
/// it is never skipped silently.
/// </summary>
public sealed class PoisonEventException(string projection, string persistenceId, long sequenceNr, Exception cause)
    : Exception($"{projection} cannot apply {persistenceId} #{sequenceNr}: {cause.Message}", cause)
{
    public string Projection { get; } = projection;

    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;
}
