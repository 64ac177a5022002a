using Akka.Persistence.Query;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Applies a batch and advances the offset in one transaction, so that a crash at any point leaves the read
/// tables and the offset consistent: either the whole batch is in, or none of it is and it is read again.
/// </summary>
public sealed class ProjectionCommitter(ReadModelStore store, ProjectionOffsets offsets)
{
    public Task<long> CommitAsync(
        IProjection projection, int slice, IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync(async (connection, transaction) =>
        {
            await projection.ApplyAsync(batch, connection, transaction, cancellationToken);
            var offset = batch.Max(envelope => ((Sequence)envelope.Offset).Value);
            await offsets.SaveAsync(connection, transaction, projection.Name, slice, offset, cancellationToken);
            return offset;
        }, cancellationToken);
}
