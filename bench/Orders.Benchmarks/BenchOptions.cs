using System.Globalization;
using Orders.Cluster.Configuration;

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

    public int HttpOrders { get; init; } = 1000;

    public int SingleOrderCommands { get; init; } = 500;

    public int LagRate { get; init; } = 1000;

    public TimeSpan LagDuration { get; init; } = TimeSpan.FromSeconds(15);

    public int RecoveryOrders { get; init; } = 500;

    public int EventsPerRecoveredOrder { get; init; } = 20;

    public string? Out { get; init; }

    public bool Keep { get; init; }

    public const string Usage = """
        usage: Orders.Benchmarks [--provider sqlite|postgres] [--connection-string CS] [--quick]
                                 [--orders N] [--commands M] [--clients C] [--http-orders N] [--single-commands N]
                                 [--lag-rate EVENTS_PER_S] [--lag-seconds S] [--recovery-orders E] [--recovery-events N]
                                 [--out FILE.json] [--keep]
          --provider           sqlite (default; files in a temporary folder) or postgres
          --connection-string  postgres: a server where the benchmark may create databases (default: $ORDERS_TEST_POSTGRES)
          --quick              small sizes: finishes in under 3 minutes on 2 cores
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
                Quick = true, Orders = 600, Clients = 8, HttpOrders = 300, SingleOrderCommands = 200,
                LagDuration = TimeSpan.FromSeconds(6), RecoveryOrders = 200,
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
                "--http-orders" => options with { HttpOrders = Number(1) },
                "--single-commands" => options with { SingleOrderCommands = Number(2) },
                "--lag-rate" => options with { LagRate = Number(1) },
                "--lag-seconds" => options with { LagDuration = TimeSpan.FromSeconds(Number(1)) },
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
}
