using System.Data.Common;

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

    /// <summary>The read tables this projection alone writes (live names); a rebuild replaces exactly these.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Starts collecting one batch. <see cref="IProjectionBatch.Add"/> must be pure: all I/O happens in WriteAsync.</summary>
    IProjectionBatch StartBatch();
}

public interface IProjectionBatch
{
    /// <summary>Takes one change into the batch. An exception here marks that event as poison.</summary>
    void Add(OrderChange change);

    /// <summary>Writes the batch's effects inside the runner's transaction.</summary>
    Task WriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
