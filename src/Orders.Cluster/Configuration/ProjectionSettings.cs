namespace Orders.Cluster.Configuration;

public sealed class ProjectionSettings
{
    /// <summary>
    /// Number of event-stream slices (tags <c>orders-slice-0</c> … <c>orders-slice-{n-1}</c>), each followed by
    /// its own worker per projection. Fixed per deployment: changing it re-partitions stored tags. Default: 4.
    /// </summary>
    public int Slices { get; set; } = 4;

    /// <summary>Most events written to the read tables in one transaction. Default: 200.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Longest wait to fill a batch before committing what has arrived. Default: 20 ms.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the event stream polls the journal for new events. Default: 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First delay before a failed worker restarts; doubles up to <see cref="MaxRestartBackoff"/>. Default: 1 s.</summary>
    public TimeSpan MinRestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between restarts of a failing worker. Default: 30 s.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each worker re-reads the events behind its offset for ones that committed late. Default: 10 s.</summary>
    public TimeSpan BacktrackingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far behind its offset (in journal ordering numbers) the backtracking pass re-reads. Default: 10 000.</summary>
    public long BacktrackingWindow { get; set; } = 10_000;

    /// <summary>How often a worker reads operators' requests (pause, resume) from <c>projection_status</c>. Default: 1 s.</summary>
    public TimeSpan ControlInterval { get; set; } = TimeSpan.FromSeconds(1);
}
