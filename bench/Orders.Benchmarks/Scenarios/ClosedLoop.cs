using System.Diagnostics;
using Orders.Benchmarks.Targets;
using Orders.Benchmarks.Workload;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// One level of the concurrency sweep: exactly <c>inFlight</c> commands outstanding at every moment (each sender
/// sends its next command when the last one is answered), spread over many orders, for a fixed time after a
/// warm-up. Events/s counts commands acknowledged inside the measured window; latencies are those of commands
/// sent and answered inside it. A failed or refused command is counted, never thrown: its order is abandoned
/// and the sender goes on with a new one.
/// </summary>
public static class ClosedLoop
{
    public sealed record Result(long Events, TimeSpan Window, Latencies Latencies, int Failed, int Refused)
    {
        public double EventsPerSecond => Events / Window.TotalSeconds;
    }

    public static async Task<Result> RunAsync(ICommandTarget target, Mix mix, string prefix, int inFlight, TimeSpan warmUp, TimeSpan window)
    {
        var latencies = new Latencies();
        long events = 0;
        int failed = 0, refused = 0, nextOrder = -1;
        var clock = Stopwatch.StartNew();
        var windowStart = warmUp;
        var windowEnd = warmUp + window;
        var commandsPerOrder = mix == Mix.Realistic ? Mixes.RealisticCommandsPerOrder : 1;

        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < windowEnd)
            {
                var index = Interlocked.Increment(ref nextOrder);
                var orderId = $"{prefix}-{index}";
                for (var step = 0; step < commandsPerOrder && clock.Elapsed < windowEnd; step++)
                {
                    var sent = clock.Elapsed;
                    var outcome = await target.SendAsync(OrderCommands.Command(orderId, index, step));
                    var answered = clock.Elapsed;
                    var inWindow = answered >= windowStart && answered <= windowEnd;
                    if (outcome != SendOutcome.Accepted)
                    {
                        if (inWindow)
                        {
                            Interlocked.Increment(ref outcome == SendOutcome.Refused ? ref refused : ref failed);
                        }

                        break;
                    }

                    if (inWindow)
                    {
                        Interlocked.Increment(ref events);
                        if (sent >= windowStart)
                        {
                            latencies.Add(answered - sent);
                        }
                    }
                }
            }
        })));
        return new Result(events, window, latencies, failed, refused);
    }
}
