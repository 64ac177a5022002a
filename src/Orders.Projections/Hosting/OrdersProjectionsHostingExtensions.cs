using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;
using Orders.Cluster.Configuration;
using Orders.Projections.OrderSummary;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting;

/// <summary>The read side's Akka.Hosting composition: one worker per (projection, slice) on nodes with role <c>projection</c>.</summary>
public static class OrdersProjectionsHostingExtensions
{
    public static AkkaConfigurationBuilder AddOrdersProjections(
        this AkkaConfigurationBuilder builder, OrdersSettings settings, ReadModelStore store, TimeProvider clock)
    {
        if (!settings.Cluster.HasRole(ClusterSettings.ProjectionRole))
        {
            return builder;
        }

        store.EnsureSchemaAsync().GetAwaiter().GetResult();
        var offsets = new ProjectionOffsets(store, clock);
        var committer = new ProjectionCommitter(store, offsets);
        IProjection[] projections = [new OrderSummaryProjection(store.Dialect)];
        var projectionSettings = settings.Projections;

        return builder.WithActors((system, _) =>
        {
            var daemons = ShardedDaemonProcess.Get(system);
            foreach (var projection in projections)
            {
                daemons.Init(
                    $"projection-{projection.Name}",
                    projectionSettings.Slices,
                    slice => BackoffSupervisor.Props(Backoff.OnFailure(
                        ProjectionWorker.Props(projection, slice, offsets, committer, projectionSettings),
                        $"{projection.Name}-{slice}",
                        projectionSettings.MinRestartBackoff,
                        projectionSettings.MaxRestartBackoff,
                        randomFactor: 0.2,
                        maxNrOfRetries: -1)),
                    ShardedDaemonProcessSettings.Create(system).WithRole(ClusterSettings.ProjectionRole),
                    PoisonPill.Instance);
            }
        });
    }
}
