using Microsoft.Extensions.Configuration;
using Orders.Cli.Commands;
using Orders.Contracts.Configuration;

namespace Orders.Cli;

/// <summary>
/// <c>orders-query</c>: the operator's tool over the journal and the read tables. Connects like the services
/// (appsettings.json at the repository root, then environment variables), and flags win over both.
/// Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class OrdersQuery
{
    public const string Usage = """
        usage: orders-query <command> [options]

          events <orderId> [--from-seq N] [--to-seq N] [--json]   an order's events from the journal
          state <orderId> [--at <ISO-8601>] [--version N] [--json] the order replayed up to that point
          orders [--limit N] [--json]                             order ids in the journal (default 100)
          projections [--json]                                    status of every projection worker
          projections pause|resume <name> [--slice K]             ask a projection's workers to stop or go on
          projections reset <name> [--slice K] --to-offset N      move a stopped projection's offsets (skip events)
          projections rebuild <name>                              rebuild from the journal without downtime
          tag <orders-slice-k> [--from-offset N] [--limit N] [--follow]  a slice's stream (--follow: until Ctrl+C)
          export [--order <id>] --format ndjson                   events as NDJSON, in journal order
          verify journal                                          read every event and snapshot with this code
          verify read-model                                       compare each table with the journal folded to its offsets
          migrate [--status]                                      bring the read tables to the latest schema version
                                                                  (--status: only list what is missing; exit 1 if any)

        exit codes: 0 ok, 1 check failed, 2 usage error or not found, 3 cannot use the database, 130 stopped by Ctrl+C

        connection (default: appsettings.json, then Orders__Database__* environment variables):
          --provider sqlite|postgresql|sqlserver  --connection-string "…"  [--read-connection-string "…"]
        """;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            var arguments = ParsedArguments.Parse(args);
            if (arguments.Words.Count == 0 || arguments.Has("help"))
            {
                (arguments.Has("help") ? output : error).WriteLine(Usage);
                return arguments.Has("help") ? 0 : 2;
            }

            await using var context = new QueryContext(LoadSettings(arguments), output);
            return arguments.Words[0] switch
            {
                "events" => await EventsCommand.RunAsync(context, arguments, error),
                "state" => await StateCommand.RunAsync(context, arguments, error),
                "orders" => await OrdersCommand.RunAsync(context, arguments),
                "projections" => await ProjectionsCommand.RunAsync(context, arguments, error, cancellationToken),
                "verify" => await VerifyCommand.RunAsync(context, arguments, error, cancellationToken),
                "tag" => await ExportCommand.TagAsync(context, arguments, cancellationToken),
                "export" => await ExportCommand.ExportAsync(context, arguments, error, cancellationToken),
                "migrate" => await MigrateCommand.RunAsync(context, arguments, cancellationToken),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (Exception stopped) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: every command stops where it is (whatever the interrupted driver or stream threw). Reads leave
            // nothing behind; export's lines are whole; a rebuild drops its shadow tables and resumes the live workers
            // (the live tables are unchanged). What went wrong while stopping is said, not swallowed.
            error.WriteLine("orders-query: cancelled");
            if (!IsCancellation(stopped))
            {
                error.WriteLine($"orders-query: while stopping: {stopped.Message} (if a rebuild was running, check "
                                + "'orders-query projections' and resume a projection left paused)");
            }

            return ExitCodes.Cancelled;
        }
        catch (UsageException usage)
        {
            error.WriteLine("orders-query: " + usage.Message);
            error.WriteLine("run 'orders-query --help' for the commands");
            return ExitCodes.UsageOrNotFound;
        }
        catch (Exception failure) when (DatabaseFailure(failure) is { } database)
        {
            error.WriteLine($"orders-query: cannot use the database: {database.Message}");
            error.WriteLine("check --provider and --connection-string (or Orders__Database__* / appsettings.json)");
            return ExitCodes.CannotConnect;
        }
    }

    private static bool IsCancellation(Exception error) =>
        error is OperationCanceledException || (error is AggregateException all && all.InnerExceptions.All(IsCancellation));

    /// <summary>The database's own error somewhere in the chain (connection refused, bad credentials, no such table).</summary>
    private static Exception? DatabaseFailure(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            if (failure is System.Data.Common.DbException or System.Net.Sockets.SocketException
                || (failure is ArgumentException && (failure.Source is "Npgsql" or "Microsoft.Data.SqlClient" or "Microsoft.Data.Sqlite"
                    || new[] { "connection string", "initialization string", "keyword not supported" }
                        .Any(words => failure.Message.Contains(words, StringComparison.OrdinalIgnoreCase)))))
            {
                return failure;
            }

            if (failure is AggregateException aggregate && aggregate.InnerExceptions.Select(DatabaseFailure).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static OrdersSettings LoadSettings(ParsedArguments arguments)
    {
        var folder = Directory.GetCurrentDirectory();
        var flags = new Dictionary<string, string?>();
        if (arguments.Option("provider") is { } provider)
        {
            flags["Orders:Database:Provider"] = provider.ToLowerInvariant() switch
            {
                "sqlite" => nameof(DatabaseProvider.Sqlite),
                "postgresql" or "postgres" => nameof(DatabaseProvider.PostgreSql),
                "sqlserver" => nameof(DatabaseProvider.SqlServer),
                _ => throw new UsageException($"--provider must be sqlite, postgresql or sqlserver, not '{provider}'"),
            };
        }

        if (arguments.Option("connection-string") is { } connection)
        {
            flags["Orders:Database:ConnectionString"] = connection;
            // A new journal location without a read location: let the provider's default apply to it.
            flags["Orders:Database:ReadModelConnectionString"] = arguments.Option("read-connection-string") ?? "";
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(folder, RepositoryConfiguration.FileName), optional: true)
            .AddRepositorySettings(folder)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(flags)
            .Build();
        OrdersSettings settings;
        try
        {
            settings = configuration.GetSection(OrdersSettings.SectionName).Get<OrdersSettings>() ?? new OrdersSettings();
        }
        catch (InvalidOperationException binding)
        {
            // A value of the wrong type: the binder's message names the key ("… at 'Orders:Projections:Slices' …").
            throw new UsageException(binding.Message);
        }

        // The CLI uses the database and the projections' settings; the cluster's are the nodes' business.
        var problems = OrdersSettingsValidation.DatabaseProblems(settings.Database)
            .Concat(OrdersSettingsValidation.ProjectionProblems(settings.Projections))
            .ToList();
        return problems.Count == 0 ? settings : throw new UsageException(string.Join(Environment.NewLine, problems));
    }
}
