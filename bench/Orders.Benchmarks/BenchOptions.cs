using System.Globalization;
using Orders.Contracts.Configuration;

namespace Orders.Benchmarks;

/// <summary>The command line: provider, server, sizes, concurrency, output. <c>--quick</c> picks small sizes.</summary>
public sealed record BenchOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL: a server where the benchmark may create (and drop) databases. SQLite: a folder (default: a temporary one).</summary>
    public string? ConnectionString { get; init; }

    public bool Quick { get; init; }

    public int Orders { get; init; } = 2000;

    public int CommandsPerOrder { get; init; } = 5;

    public int Clients { get; init; } = 16;

    public int SingleOrderCommands { get; init; } = 500;

    public int RecoveryOrders { get; init; } = 500;

    public int EventsPerRecoveredOrder { get; init; } = 20;

    /// <summary>Commands in flight at each level of the concurrency sweep.</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 8, 64, 256, 1024];

    /// <summary>The sweep's mixes over HTTP (through the shard region, and for baselines and peers, both are always run).</summary>
    public IReadOnlyList<Workload.Mix> HttpMixes { get; init; } = [Workload.Mix.Realistic, Workload.Mix.CreateOnly];

    /// <summary>Orders' sweep with the projection role on, off, or both (default).</summary>
    public IReadOnlySet<bool> ReadSide { get; init; } = new HashSet<bool> { true, false };

    /// <summary>Each sweep level: a warm-up, then the measured window.</summary>
    public TimeSpan LevelWarmUp { get; init; } = TimeSpan.FromSeconds(1.5);

    public TimeSpan LevelWindow { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The offered rates of the open-loop ladder, events/s.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [250, 500, 1000, 2000, 4000];

    public TimeSpan StepTime { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The read-side cost phase: how long writes run while every projection is paused.</summary>
    public TimeSpan CatchUpWriteTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The parts to run (all by default): sweep, ladder, baselines, peers, classic (single order, rebuild, recovery), catchup (the read side's CPU per event).</summary>
    public IReadOnlySet<string> Phases { get; init; } = AllPhases;

    public static readonly IReadOnlySet<string> AllPhases = new HashSet<string> { "sweep", "ladder", "baselines", "peers", "classic", "catchup" };

    public bool Runs(string phase) => Phases.Contains(phase);

    public string? Out { get; init; }

    /// <summary>Charts (SVG) go next to <see cref="Out"/>, or here.</summary>
    public string? Charts { get; init; }

    public bool Keep { get; init; }

    public const string Usage = """
        usage: Orders.Benchmarks [--provider sqlite|postgres] [--connection-string CS] [--quick]
                                 [--levels 1,8,64,256,1024] [--level-seconds S] [--http-mixes realistic,create-only]
                                 [--rates 250,500,1000,2000,4000] [--step-seconds S] [--phases sweep,ladder,baselines,peers,classic,catchup] [--read-side on,off]
                                 [--orders N] [--commands M] [--clients C] [--single-commands N]
                                 [--recovery-orders E] [--recovery-events N] [--catchup-seconds S]
                                 [--out FILE.json] [--charts DIR] [--keep]
          --provider           sqlite (default; files in a temporary folder) or postgres
          --connection-string  postgres: a server where the benchmark may create databases (default: $ORDERS_TEST_POSTGRES)
          --quick              smaller grid and shorter levels: finishes in about 4 minutes on 2 cores
          --levels             commands in flight at each level of the concurrency sweep
          --level-seconds      the measured window of each sweep level (after a warm-up of a quarter of it)
          --rates              the open-loop ladder's offered rates, events/s; --step-seconds: each step's length
          --phases             the parts to run (default: all)
          --catchup-seconds    catchup: how long writes run while every projection is paused (then they catch up alone)
          --read-side          on, off or on,off (default): Orders' sweep with the projection role, without it, or both
          --orders, --commands, --clients  the raw batched baseline's size (orders × commands, connections)
          --out                the JSON summary; charts (SVG) are written next to it unless --charts says where
          --keep               keep the benchmark's databases afterwards
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var quickSeen = args.Contains("--quick");
        if (quickSeen)
        {
            options = options with
            {
                Quick = true, Orders = 600, Clients = 8, SingleOrderCommands = 200, RecoveryOrders = 200,
                Levels = [1, 32, 256], HttpMixes = [Workload.Mix.Realistic],
                LevelWarmUp = TimeSpan.FromSeconds(0.5), LevelWindow = TimeSpan.FromSeconds(2), StepTime = TimeSpan.FromSeconds(3),
                CatchUpWriteTime = TimeSpan.FromSeconds(8),
            };
        }

        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{args[i - 1]} needs a whole number of at least {min}");
            options = args[i] switch
            {
                "--quick" => options,
                "--provider" => options with
                {
                    Provider = Value() switch
                    {
                        "sqlite" => DatabaseProvider.Sqlite,
                        "postgres" or "postgresql" => DatabaseProvider.PostgreSql,
                        var other => throw new ArgumentException($"--provider must be sqlite or postgres, not '{other}' (SQL Server cannot run here)"),
                    },
                },
                "--connection-string" => options with { ConnectionString = Value() },
                "--orders" => options with { Orders = Number(1) },
                "--commands" => options with { CommandsPerOrder = Number(1) },
                "--clients" => options with { Clients = Number(1) },
                "--single-commands" => options with { SingleOrderCommands = Number(2) },
                "--levels" => options with { Levels = Numbers(Value(), "--levels") },
                "--rates" => options with { Rates = Numbers(Value(), "--rates") },
                "--level-seconds" => Number(1) is var seconds
                    ? options with { LevelWindow = TimeSpan.FromSeconds(seconds), LevelWarmUp = TimeSpan.FromSeconds(Math.Max(0.5, seconds / 4.0)) }
                    : options,
                "--step-seconds" => options with { StepTime = TimeSpan.FromSeconds(Number(1)) },
                "--catchup-seconds" => options with { CatchUpWriteTime = TimeSpan.FromSeconds(Number(1)) },
                "--http-mixes" => options with { HttpMixes = Value().Split(',').Select(MixNamed).Distinct().ToList() },
                "--phases" => options with { Phases = PhaseSet(Value()) },
                "--read-side" => options with { ReadSide = ReadSideSet(Value()) },
                "--charts" => options with { Charts = Value() },
                "--recovery-orders" => options with { RecoveryOrders = Number(1) },
                "--recovery-events" => options with { EventsPerRecoveredOrder = Number(2) },
                "--out" => options with { Out = Value() },
                "--keep" => options with { Keep = true },
                var other => throw new ArgumentException($"unknown option '{other}'"),
            };
        }

        if (options.CommandsPerOrder > 100 || options.EventsPerRecoveredOrder > 100)
        {
            throw new ArgumentException("an order has at most 100 lines: --commands and --recovery-events must be at most 100");
        }

        return options;
    }

    private static List<int> Numbers(string text, string option)
    {
        var numbers = text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n
                : throw new ArgumentException($"{option} needs whole numbers of at least 1, separated by commas (not '{part}')")).ToList();
        return numbers.Count > 0 ? [.. numbers.Order()] : throw new ArgumentException($"{option} needs at least one number");
    }

    private static Workload.Mix MixNamed(string name) => name.Trim() switch
    {
        "realistic" => Workload.Mix.Realistic,
        "create-only" => Workload.Mix.CreateOnly,
        var other => throw new ArgumentException($"--http-mixes takes realistic and create-only, not '{other}'"),
    };

    private static HashSet<bool> ReadSideSet(string text) => text.Split(',', StringSplitOptions.TrimEntries).Select(part => part switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"--read-side takes on, off or on,off (not '{part}')"),
    }).ToHashSet();

    private static HashSet<string> PhaseSet(string text)
    {
        var phases = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var unknown = phases.Except(AllPhases).ToList();
        return unknown.Count == 0 && phases.Count > 0
            ? phases
            : throw new ArgumentException($"--phases takes {string.Join(", ", AllPhases)} (not '{string.Join(", ", unknown)}')");
    }
}
