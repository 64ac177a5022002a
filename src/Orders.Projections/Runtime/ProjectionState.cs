namespace Orders.Projections.Runtime;

/// <summary>The states a worker reports in <c>projection_status.state</c>.</summary>
public static class ProjectionState
{
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Paused = "paused";

    /// <summary>A poison event stopped the worker; it waits for an operator (resume after a fix, or reset).</summary>
    public const string Failed = "failed";

    /// <summary>A transient error (database down, conflict); the worker restarts itself with backoff.</summary>
    public const string Retrying = "retrying";

    public const string Rebuilding = "rebuilding";
}
