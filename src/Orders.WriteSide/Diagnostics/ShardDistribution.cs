using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.WriteSide.Sharding;

namespace Orders.WriteSide.Diagnostics;

/// <summary>
/// Shards and order actors per node, cluster-wide: every <see cref="Interval"/> this asks the order region (or its
/// proxy) for the cluster's sharding statistics and keeps the answer for the gauges <c>orders.shards</c> and
/// <c>orders.shard.entities</c>, tagged with each node's address. Any node can report the whole cluster.
/// </summary>
public sealed class ShardDistribution(IRequiredActor<OrderRegion> region, ILogger<ShardDistribution> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static volatile IReadOnlyDictionary<string, (int Shards, int Entities)> _latest =
        new Dictionary<string, (int, int)>();

    static ShardDistribution()
    {
        OrderMetrics.Meter.CreateObservableGauge("orders.shards",
            () => _latest.Select(node => new Measurement<int>(node.Value.Shards, new KeyValuePair<string, object?>("node", node.Key))),
            "shards", "Order shards hosted by each node of the cluster");
        OrderMetrics.Meter.CreateObservableGauge("orders.shard.entities",
            () => _latest.Select(node => new Measurement<int>(node.Value.Entities, new KeyValuePair<string, object?>("node", node.Key))),
            "orders", "Order actors running on each node of the cluster");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var target = await region.GetAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var stats = await target.Ask<ClusterShardingStats>(new GetClusterShardingStats(Interval), Interval + Interval, stoppingToken);
                _latest = stats.Regions.ToDictionary(
                    node => node.Key.ToString(),
                    node => (node.Value.Stats.Count, node.Value.Stats.Values.Sum()));
            }
            catch (Exception error) when (error is AskTimeoutException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                log.LogDebug("Shard statistics not refreshed: {Error}", error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
