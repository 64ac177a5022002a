using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Orders.Contracts.Tagging;

namespace Orders.Projections.Runtime;

/// <summary>
/// An operator's request from inside the cluster (the API, a rebuild): stored in <c>projection_status</c>, then
/// announced to the slice workers, which act on it at once instead of at their next read of the table.
/// </summary>
public sealed class ProjectionRequests(ProjectionStatusStore status, ActorSystem system)
{
    /// <summary>Asks every worker of a projection (or one slice) to run or to pause. Returns the rows changed.</summary>
    public async Task<int> RequestAsync(string projection, int? slice, string desiredState, CancellationToken cancellationToken = default)
    {
        var workers = await status.RequestAsync(projection, slice, desiredState, cancellationToken);
        // A tool's own actor system (the CLI's rebuild) is no cluster member: its workers read the request at their next control read.
        if (system is ExtendedActorSystem { Provider: ClusterActorRefProvider })
        {
            DistributedPubSub.Get(system).Mediator.Tell(
                new Publish(ProjectionControlRequested.Topic, new ProjectionControlRequested(projection, slice)));
        }

        return workers;
    }
}
