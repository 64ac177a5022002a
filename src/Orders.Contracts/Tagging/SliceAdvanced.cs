namespace Orders.Contracts.Tagging;

/// <summary>
/// Published (cluster-wide, on the slice's tag as the topic) after an order actor has stored events, so that the
/// slice's projection workers read at once instead of waiting for their next poll. A hint only: workers also
/// poll, so a lost notification delays a projection but never loses an event.
/// </summary>
/// <param name="TraceParent">The storing actor's trace context: the projection commit that applies the events links to it.</param>
/// <param name="OrderId">The order that stored events, with <paramref name="Version"/>, its last event's sequence number.</param>
public sealed record SliceAdvanced(int Slice, string? TraceParent = null, string? OrderId = null, long Version = 0);
