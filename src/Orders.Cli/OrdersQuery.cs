using System.CommandLine;
using System.CommandLine.Parsing;
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
    /// <summary>Runs one command line; answers its exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="terminal">Where tables and progress bars are drawn (Program: the console's; default: plain text).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, Terminal? terminal = null)
    {
        var parsed = Parse(args, output, error, cancellationToken, terminal);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            // A usage error: each problem on a line of its own, then where the help is. Nothing ran.
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine("orders-query: " + problem.Message);
            }

            error.WriteLine(HelpHint(parsed));
            return ExitCodes.UsageOrNotFound;
        }

        // Ctrl+C arrives through cancellationToken (Program.cs): System.CommandLine's own handler stays off.
        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
            cancellationToken);
    }

    /// <summary>The command line parsed against orders-query's commands (for completions and tests, too).</summary>
    public static ParseResult Parse(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, Terminal? terminal = null) =>
        CommandLine.Build((parsed, work) => RunCommandAsync(parsed, work, output, error, terminal ?? Terminal.Plain, cancellationToken), output, error)
            .Parse(args);

    /// <summary>Which help to read: the command's own.</summary>
    private static string HelpHint(ParseResult parsed) =>
        $"run '{string.Join(' ', CommandPath(parsed.CommandResult))} --help' for its commands and options";

    private static IEnumerable<string> CommandPath(CommandResult? command) =>
        command is null ? [] : CommandPath(command.Parent as CommandResult).Append(command.Command is RootCommand ? "orders-query" : command.Command.Name);

    /// <summary>One command's work with its query context, every failure turned into a message and an exit code.</summary>
    private static async Task<int> RunCommandAsync(
        ParseResult parsed, Func<QueryContext, Task<int>> work, TextWriter output, TextWriter error, Terminal terminal, CancellationToken cancellationToken)
    {
        try
        {
            await using var context = new QueryContext(LoadSettings(CommandLine.Connection(parsed)), output, terminal);
            return await work(context);
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
            error.WriteLine(HelpHint(parsed));
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

    private static OrdersSettings LoadSettings((string? Provider, string? ConnectionString, string? ReadConnectionString) flagged)
    {
        var folder = Directory.GetCurrentDirectory();
        var flags = new Dictionary<string, string?>();
        if (flagged.Provider is { } provider)
        {
            flags["Orders:Database:Provider"] = provider.ToLowerInvariant() switch
            {
                "sqlite" => nameof(DatabaseProvider.Sqlite),
                "postgresql" or "postgres" => nameof(DatabaseProvider.PostgreSql),
                "sqlserver" => nameof(DatabaseProvider.SqlServer),
                _ => throw new UsageException($"--provider must be sqlite, postgresql or sqlserver, not '{provider}'"),
            };
        }

        if (flagged.ConnectionString is { } connection)
        {
            flags["Orders:Database:ConnectionString"] = connection;
            // A new journal location without a read location: let the provider's default apply to it.
            flags["Orders:Database:ReadModelConnectionString"] = flagged.ReadConnectionString ?? "";
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
