namespace Orders.Projections.Runtime;

/// <param name="Offset">The highest ordering number in the batch.</param>
/// <param name="Applied">Events applied now.</param>
/// <param name="Duplicates">Events applied before (replays, restarts, backtracking); they changed nothing.</param>
/// <param name="Deferred">Events ahead of their order's next version; not applied until the missing ones arrive.</param>
public sealed record CommitResult(long Offset, int Applied, int Duplicates, int Deferred);
