namespace Orders.Contracts.Configuration;

/// <summary>
/// <c>Orders:Cluster:SplitBrainResolver</c>: Akka's split brain resolver, which downs unreachable nodes so that their
/// orders move to the nodes that remain — and makes sure two halves of a partition never both keep running them.
/// </summary>
public sealed class SplitBrainResolverSettings
{
    public const string KeepMajority = "keep-majority";
    public const string KeepOldest = "keep-oldest";
    public const string StaticQuorum = "static-quorum";
    public const string DownAll = "down-all";

    public static readonly IReadOnlyList<string> Strategies = [KeepMajority, KeepOldest, StaticQuorum, DownAll];

    /// <summary>
    /// keep-majority (default): the side with more nodes survives; keep-oldest: the side with the oldest node;
    /// static-quorum: a side with at least <see cref="QuorumSize"/> nodes; down-all: every node stops.
    /// </summary>
    public string Strategy { get; set; } = KeepMajority;

    /// <summary>
    /// How long membership must be stable (no new unreachable node) before the resolver acts. A crashed node's
    /// orders are unavailable for about failure detection (<see cref="FailureDetectorSettings"/>, ~4 s) plus this
    /// plus <see cref="DownRemovalMargin"/>. Default: 2 s, for clusters of up to about 5 nodes (Akka's rule of thumb
    /// is log10(nodes) × 10 s: 4.8 s for 3 nodes, 7 s for 5, 10 s for 10; Akka's own default, 20 s, is for 100).
    /// Shorter is safe for the journal — a node on the losing side stops writing as soon as it sees itself in the
    /// minority (<c>WriteFence</c>), long before the others take its orders — but a node that stalls for longer than
    /// failure detection plus this is downed and restarts, and if membership keeps changing for this plus 4 s the
    /// resolver downs every node (Akka's <c>down-all-when-unstable</c>).
    /// </summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a node is downed and removed, how long the others wait before they start its shards and its singletons
    /// (the shard coordinator) themselves: the time the downed side has to stop its own. Default: 1 s (Akka's is
    /// <see cref="StableAfter"/>). It can be short because the downed side does not rely on it: a node that sees itself
    /// in the minority, or finds it was frozen, stops writing before the resolver acts (<c>WriteFence</c>), and the
    /// journal refuses a second write of any sequence number an order already has.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Only for static-quorum: the smallest number of nodes that may keep running.</summary>
    public int QuorumSize { get; set; }

    /// <summary>The HOCON that turns the resolver on with these settings (checked by <see cref="OrdersSettingsValidation"/>).</summary>
    public string ToHocon()
    {
        return $$"""
            akka.cluster {
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              down-removal-margin = {{(long)DownRemovalMargin.TotalMilliseconds}}ms
              split-brain-resolver {
                active-strategy = {{Strategy}}
                stable-after = {{(long)StableAfter.TotalMilliseconds}}ms
                static-quorum.quorum-size = {{Math.Max(QuorumSize, 1)}}
              }
            }
            """;
    }
}
