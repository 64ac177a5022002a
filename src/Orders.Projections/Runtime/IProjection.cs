using Orders.Projections.Schema;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// A read model kept up to date from the order event stream. The runner hands it only events that are the next
/// version of their order (duplicates and replays never reach it) and commits what it writes together with the
/// slice's offset, in one transaction.
/// </summary>
public interface IProjection
{
    /// <summary>The projection's name, after its main table; shown in status and stored in <c>projection_offsets</c>.</summary>
    string Name { get; }

    /// <summary>The read tables this projection alone writes (their live declarations); a rebuild replaces exactly these.</summary>
    IReadOnlyList<ReadTable> Tables { get; }

    /// <summary>Starts collecting one batch. <see cref="IProjectionBatch.Add"/> must be pure: all I/O happens in WriteAsync.</summary>
    IProjectionBatch StartBatch();
}

public interface IProjectionBatch
{
    /// <summary>Takes one change into the batch. An exception here marks that event as poison.</summary>
    void Add(OrderChange change);

    /// <summary>
    /// Adds the batch's effects to the commit's statements; the runner sends them with the order states and the offset,
    /// in one round trip where the provider allows it, inside one transaction.
    /// </summary>
    void Write(StatementBatch statements);
}
