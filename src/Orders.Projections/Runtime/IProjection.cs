using System.Data.Common;
using Akka.Persistence.Query;

namespace Orders.Projections.Runtime;

/// <summary>
/// A read model kept up to date from the order event stream. The runner calls <see cref="ApplyAsync"/> with a
/// batch of one slice's events inside a transaction that also stores the slice's new offset.
/// </summary>
public interface IProjection
{
    /// <summary>The projection's name, after its main table; shown in status and stored in <c>projection_offsets</c>.</summary>
    string Name { get; }

    Task ApplyAsync(
        IReadOnlyList<EventEnvelope> batch, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
