using Orders.Benchmarks.Targets;
using Orders.Benchmarks.Workload;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// The closed-loop concurrency sweep of one target: for each mix, each number of commands in flight, a
/// <see cref="ClosedLoop"/> level. When the target has a read side, each level ends with the read side caught up,
/// and the time that took is part of the figure (it is also what keeps one level's backlog out of the next).
/// </summary>
public static class ConcurrencySweep
{
    public static async Task<IReadOnlyList<SweepPoint>> RunAsync(
        ICommandTarget target, IReadOnlyList<Mix> mixes, IReadOnlyList<int> levels, TimeSpan warmUp, TimeSpan window, Action<string> progress)
    {
        var points = new List<SweepPoint>();
        foreach (var mix in mixes)
        {
            foreach (var level in levels)
            {
                var prefix = $"{target.Name}-{(target.HasReadSide ? "p" : "w")}-{Mixes.Name(mix)}-{level}";
                var result = await ClosedLoop.RunAsync(target, mix, prefix, level, warmUp, window);
                TimeSpan? catchUp = target.HasReadSide ? await target.WaitForReadSideAsync(TimeSpan.FromMinutes(10)) : null;
                var point = new SweepPoint(target.Name, Mixes.Name(mix), target.HasReadSide, level, result.EventsPerSecond,
                    result.Latencies.Percentile(50), result.Latencies.Percentile(95), result.Latencies.Percentile(99),
                    result.Failed, result.Refused, catchUp?.TotalSeconds);
                points.Add(point);
                progress($"  {point}");
            }
        }

        return points;
    }
}
