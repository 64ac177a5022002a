using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;

namespace Orders.WriteSide.Diagnostics;

/// <summary>
/// The cluster as this node sees it, for the "node not Up" alert (<c>deploy/prometheus/orders-alerts.yml</c>):
/// <c>orders.cluster.members</c> by <c>status</c> (up, joining, weaklyup, leaving, exiting, down, removed) and
/// <c>orders.cluster.unreachable.members</c>, the members that some node's failure detector has marked unreachable.
/// Both come from this node's view of the cluster (its gossip), read at each collection; nothing is measured before
/// the actor system has started.
/// </summary>
public static class ClusterMembershipMetrics
{
    private static volatile ActorSystem? _system;

    static ClusterMembershipMetrics()
    {
        OrderMetrics.Meter.CreateObservableGauge("orders.cluster.members", Members, "members",
            "Members of the cluster by status, as this node sees them");
        OrderMetrics.Meter.CreateObservableGauge("orders.cluster.unreachable.members",
            () => State() is { } state ? [new Measurement<int>(state.Unreachable.Count)] : Array.Empty<Measurement<int>>(),
            "members", "Members marked unreachable, in this node's view of the cluster");
    }

    /// <summary>Measures this actor system's cluster from now on (a process runs one; the last started is measured).</summary>
    public static void Watch(ActorSystem system) => _system = system;

    private static IEnumerable<Measurement<int>> Members()
    {
        if (State() is not { } state)
        {
            return [];
        }

        // Every status appears, zero included, so that a series does not vanish when its last member moves on.
        return Enum.GetValues<MemberStatus>().Select(status => new Measurement<int>(
            state.Members.Count(member => member.Status == status),
            new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant())));
    }

    private static ClusterEvent.CurrentClusterState? State()
    {
        var system = _system;
        if (system is null || system.WhenTerminated.IsCompleted)
        {
            return null;
        }

        try
        {
            return Cluster.Get(system).State;
        }
        catch (Exception error) when (error is ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
