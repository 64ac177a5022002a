namespace Orders.Contracts.Configuration;

/// <summary>The <c>Orders:Database:CircuitBreaker</c> section: the journal's and snapshot store's circuit breaker.</summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Failed or timed-out calls in a row that open the breaker (then calls fail at once). Default: 5.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>A database call taking longer than this counts as failed. Default: 5 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an open breaker waits before it lets one trial call through. Default: 3 s.</summary>
    public TimeSpan ResetTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
