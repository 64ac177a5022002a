namespace Orders.Projections.Runtime;

/// <summary>Another writer changed an order's projection state since this batch read it; the batch rolls back and is retried.</summary>
public sealed class ConcurrentProjectionWriteException(string projection, string orderId)
    : Exception($"{projection}: order '{orderId}' was projected concurrently by another worker; retrying")
{
    public string Projection { get; } = projection;
}
