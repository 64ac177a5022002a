using System.Collections.Concurrent;
using System.Diagnostics;
using Orders.Benchmarks.Targets;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// Measures projection lag: from a command's acknowledgement to its read row being visible. One reader asks the
/// target which acknowledged orders are visible, again as soon as the last answer is in (a 1 ms pause between
/// rounds); a row seen by a round counts as visible when that round's query started, so the probe's resolution
/// is one round trip (about a millisecond on loopback), not a polling interval.
/// </summary>
public sealed class VisibilityProbe
{
    private const int IdsPerQuery = 500;
    private readonly ICommandTarget _target;
    private readonly ConcurrentDictionary<string, long> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public VisibilityProbe(ICommandTarget target)
    {
        _target = target;
        _reader = Task.Run(ReadAsync);
    }

    public Latencies Lag { get; } = new();

    /// <summary>The command for <paramref name="orderId"/> was acknowledged at <paramref name="timestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Acknowledged(string orderId, long timestamp) => _waiting[orderId] = timestamp;

    /// <summary>Waits until every acknowledged row was seen or <paramref name="within"/> passed; returns how many were never seen.</summary>
    public async Task<int> FinishAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!_waiting.IsEmpty && clock.Elapsed < within)
        {
            await Task.Delay(20);
        }

        await _stop.CancelAsync();
        await _reader;
        return _waiting.Count;
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_waiting.IsEmpty)
            {
                await Pause();
                continue;
            }

            foreach (var ids in _waiting.Keys.Chunk(IdsPerQuery))
            {
                var asked = Stopwatch.GetTimestamp();
                IReadOnlyCollection<string> seen;
                try
                {
                    seen = await _target.VisibleAsync(ids, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                foreach (var id in seen)
                {
                    if (_waiting.TryRemove(id, out var acknowledgedAt))
                    {
                        // A row already visible when the round began was committed before it: clamp at zero.
                        Lag.Add(TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(acknowledgedAt, asked).Ticks)));
                    }
                }
            }

            await Pause();
        }

        async Task Pause()
        {
            try
            {
                await Task.Delay(1, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
