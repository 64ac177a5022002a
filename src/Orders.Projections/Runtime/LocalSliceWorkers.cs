using System.Collections.Concurrent;
using Akka.Actor;

namespace Orders.Projections.Runtime;

/// <summary>
/// The slices whose worker runs in this actor system (an Akka extension: one per system). A slice worker is added
/// when it starts and removed when it stops, so the set follows the workers as the cluster moves them between nodes.
/// A node's readiness checks these slices only: another node's stalled worker is that node's problem (and the
/// gateway's and the alerts', which see every worker), and a worker that moves here is checked from then on.
/// </summary>
public sealed class LocalSliceWorkers : IExtension
{
    private readonly ConcurrentDictionary<int, int> _running = new();

    public static LocalSliceWorkers Get(ActorSystem system) => system.WithExtension<LocalSliceWorkers, LocalSliceWorkersProvider>();

    /// <summary>Whether a worker of this slice runs here now.</summary>
    public bool Runs(int slice) => _running.TryGetValue(slice, out var workers) && workers > 0;

    /// <summary>The slices with a worker here, in order.</summary>
    public IReadOnlyList<int> Slices => [.. _running.Where(slice => slice.Value > 0).Select(slice => slice.Key).Order()];

    internal void Started(int slice) => _running.AddOrUpdate(slice, 1, (_, workers) => workers + 1);

    internal void Stopped(int slice) => _running.AddOrUpdate(slice, 0, (_, workers) => Math.Max(0, workers - 1));
}

public sealed class LocalSliceWorkersProvider : ExtensionIdProvider<LocalSliceWorkers>
{
    public override LocalSliceWorkers CreateExtension(ExtendedActorSystem system) => new();
}
