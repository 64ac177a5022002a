using System.Collections.Concurrent;
using System.Diagnostics;
using Orders.Benchmarks.Targets;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// Measures projection lag: from a command's acknowledgement to its read row being visible. One reader asks the
/// target which acknowledged orders are visible, a round every <see cref="RoundInterval"/> (or as soon as the last
/// answer is in, if a round takes longer); a row seen by a round counts as visible when that round's query started,
/// so a lag is overstated by at most one interval plus one round trip, never understated. The interval keeps the
/// probe from taking a share of the two cores that the service under test would otherwise have: a probe that asks
/// again after 1 ms ran several hundred queries a second and itself kept the machine busy.
/// </summary>
public sealed class VisibilityProbe
{
    private const int IdsPerQuery = 500;

    /// <summary>Shortest time from the start of one round to the start of the next.</summary>
    public static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(5);
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
                await Pause(RoundInterval);
                continue;
            }

            var round = Stopwatch.GetTimestamp();
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

            await Pause(RoundInterval - Stopwatch.GetElapsedTime(round));
        }

        async Task Pause(TimeSpan wait)
        {
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
