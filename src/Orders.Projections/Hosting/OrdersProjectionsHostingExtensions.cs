using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;
using Orders.Cluster.Configuration;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.ProductSales;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage;
using Orders.Projections.Storage.Dialects;

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

    public static AkkaConfigurationBuilder AddOrdersProjections(
        this AkkaConfigurationBuilder builder, OrdersSettings settings, ReadModelStore store, TimeProvider clock)
    {
        if (!settings.Cluster.HasRole(ClusterSettings.ProjectionRole))
        {
            return builder;
        }

        store.EnsureSchemaAsync().GetAwaiter().GetResult();
        var deps = ProjectionDependencies.Create(settings, store, clock);
        var projectionSettings = settings.Projections;

        return builder.WithActors((system, _) =>
        {
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
        });
    }
}
