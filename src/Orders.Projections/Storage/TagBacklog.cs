namespace Orders.Projections.Storage;

/// <param name="Events">Events after the offset.</param>
/// <param name="Head">The tag's last ordering number (the offset itself when nothing waits).</param>
/// <param name="OldestPendingAt">When the oldest waiting event was written; null when nothing waits.</param>
public sealed record TagBacklog(long Events, long Head, DateTimeOffset? OldestPendingAt);
