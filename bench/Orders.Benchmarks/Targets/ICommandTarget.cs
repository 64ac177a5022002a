using Orders.Domain;

namespace Orders.Benchmarks.Targets;

/// <summary>
/// Something that takes the benchmark's commands: Orders through its shard region or over HTTP, bare
/// Akka.Persistence.Sql, a raw SQL transaction per command, or a peer event store. Every scenario (the
/// concurrency sweep, the offered-rate ladder) drives targets only through this, so all of them see the same
/// commands, the same payloads and the same concurrency.
/// </summary>
public interface ICommandTarget
{
    /// <summary>The name in tables, charts and the JSON (e.g. <c>orders-region</c>, <c>marten</c>).</summary>
    string Name { get; }

    /// <summary>True when the target has a read side whose rows <see cref="VisibleAsync"/> can see.</summary>
    bool HasReadSide { get; }

    /// <summary>
    /// Sends one command and waits until it is stored (acknowledged). Returns <see cref="SendOutcome.Accepted"/>,
    /// or <see cref="SendOutcome.Refused"/> when the target turned it away quickly because it is overloaded (a 503,
    /// a bounded queue), or <see cref="SendOutcome.Failed"/> when it failed or timed out. Throws only for a
    /// benchmark bug (a command the domain rejects).
    /// </summary>
    Task<SendOutcome> SendAsync(IOrderCommand command);

    /// <summary>Of these order ids, the ones whose read-side row is visible now (the projection lag probe).</summary>
    Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    /// <summary>Waits until the read side has applied everything stored so far; returns how long that took.</summary>
    Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout);
}

public enum SendOutcome
{
    Accepted,
    Refused,
    Failed,
}
