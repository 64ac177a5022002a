using System.Collections.Concurrent;

namespace Orders.Benchmarks;

/// <summary>Latency samples in milliseconds, and their percentiles (nearest rank).</summary>
public sealed class Latencies
{
    private readonly ConcurrentQueue<double> _samples = new();

    public int Count => _samples.Count;

    public void Add(TimeSpan elapsed) => _samples.Enqueue(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = _samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
