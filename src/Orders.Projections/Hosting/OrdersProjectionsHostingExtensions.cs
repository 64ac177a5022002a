using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;
using Orders.Contracts.Configuration;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.ProductSales;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting;

/// <summary>
/// The read side's Akka.Hosting composition: one worker per slice, for every projection, on nodes with role
/// <c>projection</c>; the cluster keeps each slice's worker running on exactly one of them.
/// </summary>
public static class OrdersProjectionsHostingExtensions
{
    /// <summary>The sharded daemon process of the slice workers.</summary>
    public const string SliceDaemonName = "projection-slices";

    /// <summary>Every projection, named after its main table, writing the live tables (or a rebuild's shadow tables).</summary>
    public static IReadOnlyList<IProjection> All(ReadSideSql sql, ReadTables? generation = null) =>
    [
        new OrderSummaryProjection(sql, generation),
        new CustomerOrdersProjection(sql, generation),
        new ProductSalesDailyProjection(sql, generation),
    ];

    /// <param name="schemaReady">Completes when the read tables exist (<see cref="ReadSchemaStartup.Ready"/>): the workers start then.</param>
    public static AkkaConfigurationBuilder AddOrdersProjections(
        this AkkaConfigurationBuilder builder, OrdersSettings settings, ReadModelStore store, TimeProvider clock, Task schemaReady)
    {
        if (!settings.Cluster.HasRole(ClusterSettings.ProjectionRole))
        {
            return builder;
        }

        var deps = ProjectionDependencies.Create(settings, store, clock);
        var projectionSettings = settings.Projections;

        void StartWorkers(ActorSystem system)
        {
            if (system.WhenTerminated.IsCompleted)
            {
                return;
            }

            var projections = All(store.Sql);
            ShardedDaemonProcess.Get(system).Init(
                SliceDaemonName,
                projectionSettings.Slices,
                slice => BackoffSupervisor.Props(Backoff.OnFailure(
                    SliceWorker.Props(projections, slice, deps),
                    $"slice-{slice}",
                    projectionSettings.MinRestartBackoff,
                    projectionSettings.MaxRestartBackoff,
                    randomFactor: 0.2,
                    maxNrOfRetries: -1)),
                ShardedDaemonProcessSettings.Create(system).WithRole(ClusterSettings.ProjectionRole),
                PoisonPill.Instance);
        }

        // A statement, not an awaited task: the host goes on starting (not ready) while the read tables' database
        // is down, and the workers start when the tables are there.
        return builder.WithActors((system, _) =>
        {
            schemaReady.ContinueWith(_ =>
            {
                try
                {
                    StartWorkers(system);
                }
                catch (Exception error)
                {
                    system.Log.Error(error, "The projection workers could not be started");
                }
            }, TaskContinuationOptions.OnlyOnRanToCompletion);
        });
    }
}
