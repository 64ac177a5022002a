using System.Diagnostics;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// CPU time spent between two readings: this process's (the service, in process, and the benchmark's client), the
/// database server's on this machine (every <c>postgres</c> process; zero for SQLite, which runs in this process), and
/// the whole machine's. CPU per event is steadier than a rate on a machine whose speed moves from hour to hour: below
/// capacity, an event costs about the same CPU whatever the machine's speed. Time the hypervisor gave to other guests
/// (steal) is not counted: on this machine it reached two thirds of a core's time.
/// </summary>
public readonly record struct CpuUse(TimeSpan Process, TimeSpan Database, TimeSpan Machine)
{
    /// <summary>Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms.</summary>
    private const int TickMs = 10;

    public static CpuUse Now()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new CpuUse(process.TotalProcessorTime, DatabaseServer(), MachineBusy());
    }

    public static CpuUse operator -(CpuUse after, CpuUse before) =>
        new(after.Process - before.Process, after.Database - before.Database, after.Machine - before.Machine);

    /// <summary>
    /// User and system time of every PostgreSQL server process, with the time of their children that have ended (the
    /// postmaster collects a finished backend's time): a backend that ends between two readings still counts. Every
    /// <c>postgres</c> process of the machine counts: run one server while measuring.
    /// </summary>
    private static TimeSpan DatabaseServer()
    {
        long ticks = 0;
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                // pid (comm) state ppid … utime stime cutime cstime: fields 14 to 17, counted after the closing
                // parenthesis of comm.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not a process, or one that ended while being read.
            }
        }

        return TimeSpan.FromMilliseconds(ticks * TickMs);
    }

    /// <summary>Busy CPU time of the whole machine since boot (all cores; Linux /proc/stat); zero elsewhere.</summary>
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal: user, nice, system, irq and softirq are busy.
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        return TimeSpan.FromMilliseconds(busy * TickMs);
    }
}
