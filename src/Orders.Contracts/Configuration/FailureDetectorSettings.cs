namespace Orders.Contracts.Configuration;

/// <summary>
/// <c>Orders:Cluster:FailureDetector</c>: how soon a silent node counts as unreachable. Every node sends a heartbeat
/// to the nodes that watch it each <see cref="HeartbeatInterval"/>; a node whose heartbeats have stopped for about
/// <see cref="AcceptableHeartbeatPause"/> plus a second or two is marked unreachable, and the split brain resolver
/// takes it from there. A crashed node's orders wait for this first.
/// </summary>
public sealed class FailureDetectorSettings
{
    /// <summary>
    /// How often a node sends its heartbeat. Default: 0.5 s (Akka's is 1 s, with a 3 s pause). At most half of
    /// <see cref="AcceptableHeartbeatPause"/>: Akka logs a warning for every heartbeat that comes two thirds of the
    /// pause after the one before, so with 1 s against 1.5 s every heartbeat of every node was a warning.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long heartbeats may stop before the node is suspected: a crashed node is marked unreachable about 2–3 s
    /// after this (the first missed heartbeat, the detector's margin, its check every 0.5 s). Default: 1.5 s (Akka's
    /// is 3 s, for larger clusters). Lower detects a crash sooner but marks a node that stalls this long
    /// (a long garbage collection, a starved machine) unreachable too; if it stalls for longer than this plus
    /// <see cref="SplitBrainResolverSettings.StableAfter"/>, it is downed and restarts. A node that finds it was
    /// stalled for longer than this plus StableAfter stops writing until the cluster has seen it again (<c>WriteFence</c>).
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromMilliseconds(1500);

    public string ToHocon() =>
        $$"""
          akka.cluster.failure-detector {
            heartbeat-interval = {{(long)HeartbeatInterval.TotalMilliseconds}}ms
            acceptable-heartbeat-pause = {{(long)AcceptableHeartbeatPause.TotalMilliseconds}}ms
          }
          # How often each node checks its failure detector for unreachable members (Akka: 1 s).
          akka.cluster.unreachable-nodes-reaper-interval = 500ms
          """;
}
