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
    /// How long membership must be stable (no new unreachable node) before the resolver acts: a crashed node's
    /// orders are unavailable for about this long plus failure detection (~5 s). Default: 10 s.
    /// </summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Only for static-quorum: the smallest number of nodes that may keep running.</summary>
    public int QuorumSize { get; set; }

    /// <summary>The HOCON that turns the resolver on with these settings (checked by <see cref="OrdersSettingsValidation"/>).</summary>
    public string ToHocon()
    {
        return $$"""
            akka.cluster {
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              split-brain-resolver {
                active-strategy = {{Strategy}}
                stable-after = {{(long)StableAfter.TotalMilliseconds}}ms
                static-quorum.quorum-size = {{Math.Max(QuorumSize, 1)}}
              }
            }
            """;
    }
}
