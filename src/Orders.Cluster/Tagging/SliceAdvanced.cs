namespace Orders.Cluster.Tagging;

/// <summary>
/// Published (cluster-wide, on the slice's tag as the topic) after an order actor has stored events, so that the
/// slice's projection workers read at once instead of waiting for their next poll. A hint only: workers also
/// poll, so a lost notification delays a projection but never loses an event.
/// </summary>
public sealed record SliceAdvanced(int Slice);
