using System.Collections.Concurrent;
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
/// proxy) for the cluster's sharding statistics and keeps the answer (<see cref="Latest"/>, which the operator console
/// shows) for the gauges <c>orders.shards</c> and <c>orders.shard.entities</c>, tagged with each node's address. Any node
/// can report the whole cluster. The gauges are static (as in <c>ProjectionLagMetrics</c>: several hosts in one process,
/// as in tests, share the meter) and report every running instance's answer.
/// </summary>
public sealed class ShardDistribution : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<ShardDistribution, byte> Running = new();
    private readonly IRequiredActor<OrderRegion> _region;
    private readonly ILogger<ShardDistribution> _log;
    private volatile IReadOnlyDictionary<string, (int Shards, int Entities)> _latest = new Dictionary<string, (int, int)>();

    static ShardDistribution()
    {
        OrderMetrics.Meter.CreateObservableGauge("orders.shards", () => Measure(node => node.Shards),
            "shards", "Order shards hosted by each node of the cluster");
        OrderMetrics.Meter.CreateObservableGauge("orders.shard.entities", () => Measure(node => node.Entities),
            "orders", "Order actors running on each node of the cluster");
    }

    public ShardDistribution(IRequiredActor<OrderRegion> region, ILogger<ShardDistribution> log)
    {
        _region = region;
        _log = log;
        Running.TryAdd(this, 0);
    }

    /// <summary>Shards and order actors by node address, as last asked (empty until the first answer).</summary>
    public IReadOnlyDictionary<string, (int Shards, int Entities)> Latest => _latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var target = await _region.GetAsync(stoppingToken);
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
                _log.LogDebug("Shard statistics not refreshed: {Error}", error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        Running.TryRemove(this, out _);
        base.Dispose();
    }

    private static IEnumerable<Measurement<int>> Measure(Func<(int Shards, int Entities), int> value) =>
        Running.Keys.SelectMany(instance => instance._latest)
            .Select(node => new Measurement<int>(value(node.Value), new KeyValuePair<string, object?>("node", node.Key)));
}
