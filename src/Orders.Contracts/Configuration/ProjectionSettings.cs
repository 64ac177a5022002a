namespace Orders.Contracts.Configuration;

public sealed class ProjectionSettings
{
    /// <summary>
    /// Number of event-stream slices (tags <c>orders-slice-0</c> … <c>orders-slice-{n-1}</c>), each followed by
    /// its own worker per projection. Fixed per deployment: changing it re-partitions stored tags. Default: 4.
    /// </summary>
    public int Slices { get; set; } = 4;

    /// <summary>Most events written to the read tables in one transaction. Default: 200.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Shortest time between two reads of a worker: under load, a longer window gathers more events into each
    /// transaction (throughput) at the cost of that much latency. Default: 0 (read as soon as events are announced).
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.Zero;


    /// <summary>
    /// How often a worker reads the journal when no order actor has announced new events (a fallback: writers
    /// announce every commit to the slice's workers, cluster-wide). Default: 500 ms.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>First delay before a failed worker restarts; doubles up to <see cref="MaxRestartBackoff"/>. Default: 1 s.</summary>
    public TimeSpan MinRestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between restarts of a failing worker. Default: 30 s.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each worker re-reads the events behind its offset for ones that committed late. Default: 10 s.</summary>
    public TimeSpan BacktrackingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How late a commit the backtracking pass still finds: each pass re-reads the events after the offset the
    /// worker had this long ago, so an idle slice costs next to nothing. Default: 1 minute.
    /// </summary>
    public TimeSpan BacktrackingWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a worker reads operators' requests (pause, resume) from <c>projection_status</c>. Default: 1 s.</summary>
    public TimeSpan ControlInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the projections' reads wait for a missing journal ordering number (a write still in flight) before
    /// they move past it for good; the backtracking pass then finds the event if it commits later. Counted from when a
    /// read first saw the number missing, so the wait stretches, never shrinks. At least 10 s in production.
    /// Default: 10 s.
    /// </summary>
    public TimeSpan GapWait { get; set; } = TimeSpan.FromSeconds(10);
}
