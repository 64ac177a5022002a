using System.Collections.Concurrent;
using System.Diagnostics;
using Orders.Benchmarks.Targets;
using Orders.Benchmarks.Workload;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// The open-loop ladder: at each offered rate, new orders (one event each) are sent on a fixed schedule for a fixed
/// time, whether or not earlier ones were answered — the way independent users arrive. Per step: the achieved rate,
/// failed and refused commands, command latency, and projection lag from a command's acknowledgement to its read
/// row being visible, and the CPU each accepted event cost (this process, the database server and the whole machine,
/// from the step's first send until its read side has drained). Between steps the read side drains, so no step
/// inherits another's backlog. The ladder stops
/// climbing after two steps in a row that are not sustainable.
/// </summary>
public static class OfferedRateLadder
{
    /// <summary>The lag a sustainable step keeps at p99.</summary>
    public static readonly TimeSpan SustainableLagP99 = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an acknowledged command's row may take to appear before it counts as never seen.</summary>
    private static readonly TimeSpan VisibleWithin = TimeSpan.FromSeconds(60);

    public sealed record Step(
        int Offered, double Achieved, int Sent, int Accepted, int Failed, int Refused, Latencies Commands, Latencies Lag, int Unseen,
        TimeSpan Drain, CpuUse Cpu)
    {
        /// <summary>CPU milliseconds of this process (the service and the benchmark's client) per 1 000 accepted events.</summary>
        public double ProcessCpuMsPerThousand => Cpu.Process.TotalMilliseconds * 1000 / Math.Max(1, Accepted);

        /// <summary>CPU milliseconds of the database server (PostgreSQL on this machine) per 1 000 accepted events.</summary>
        public double DatabaseCpuMsPerThousand => Cpu.Database.TotalMilliseconds * 1000 / Math.Max(1, Accepted);

        /// <summary>CPU milliseconds of the whole machine (the database server included) per 1 000 accepted events.</summary>
        public double MachineCpuMsPerThousand => Cpu.Machine.TotalMilliseconds * 1000 / Math.Max(1, Accepted);

        /// <summary>No command failed or was refused, every row appeared, the rate was taken, and lag p99 stayed within bounds.</summary>
        public bool Sustainable => Failed == 0 && Refused == 0 && Unseen == 0 && Achieved >= 0.95 * Offered
                                   && Lag.Percentile(99) <= SustainableLagP99.TotalMilliseconds;
    }

    public static async Task<IReadOnlyList<Step>> RunAsync(
        ICommandTarget target, string prefix, IReadOnlyList<int> rates, TimeSpan stepTime, Action<string> progress)
    {
        var steps = new List<Step>();
        var unsustainableInARow = 0;
        foreach (var rate in rates)
        {
            var step = await RunStepAsync(target, $"{prefix}-{steps.Count}-{rate}", rate, stepTime);
            steps.Add(step);
            progress($"  {target.Name} ladder {rate}/s: achieved {step.Achieved:F0}/s, {step.Failed} failed, {step.Refused} refused, "
                     + $"command p50 {step.Commands.Percentile(50):F1} / p99 {step.Commands.Percentile(99):F1} ms, "
                     + $"lag p50 {step.Lag.Percentile(50):F1} / p99 {step.Lag.Percentile(99):F1} ms, {step.Unseen} unseen, drained in {step.Drain.TotalSeconds:F1} s, "
                     + $"CPU per 1 000 events: process {step.ProcessCpuMsPerThousand:F0} ms, database {step.DatabaseCpuMsPerThousand:F0} ms, machine {step.MachineCpuMsPerThousand:F0} ms");
            unsustainableInARow = step.Sustainable ? 0 : unsustainableInARow + 1;
            if (unsustainableInARow == 2)
            {
                break;
            }
        }

        return steps;
    }

    private static async Task<Step> RunStepAsync(ICommandTarget target, string prefix, int rate, TimeSpan stepTime)
    {
        var probe = new VisibilityProbe(target);
        var commands = new Latencies();
        int accepted = 0, failed = 0, refused = 0;
        var total = (int)(rate * stepTime.TotalSeconds);
        var sends = new List<Task>(total);
        var cpu = CpuUse.Now();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            // The clock is read once: read twice, the second reading can pass the due time and make a negative delay.
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var orderId = $"{prefix}-{i}";
            sends.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                var outcome = await target.SendAsync(OrderCommands.Command(orderId, i, 0));
                var answered = Stopwatch.GetTimestamp();
                switch (outcome)
                {
                    case SendOutcome.Accepted:
                        Interlocked.Increment(ref accepted);
                        commands.Add(Stopwatch.GetElapsedTime(sent, answered));
                        probe.Acknowledged(orderId, answered);
                        break;
                    case SendOutcome.Refused:
                        Interlocked.Increment(ref refused);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        break;
                }
            }));
        }

        await Task.WhenAll(sends);
        // Achieved: acknowledged commands over the time from the first send to the last answer.
        var achieved = accepted / Math.Max(stepTime.TotalSeconds, clock.Elapsed.TotalSeconds);
        var unseen = await probe.FinishAsync(VisibleWithin);
        var drain = await target.WaitForReadSideAsync(TimeSpan.FromMinutes(5));
        return new Step(rate, achieved, total, accepted, failed, refused, commands, probe.Lag, unseen, drain, CpuUse.Now() - cpu);
    }
}
