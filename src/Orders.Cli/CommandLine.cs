using System.CommandLine;
using System.CommandLine.Parsing;
using Orders.Cli.Commands;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.History;
using Orders.Projections.Runtime;

namespace Orders.Cli;

/// <summary>Runs a command's work with the query context the connection options describe; answers the exit code.</summary>
public delegate Task<int> Runner(ParseResult parsed, Func<QueryContext, Task<int>> work);

/// <summary>
/// <c>orders-query</c>'s commands and options (System.CommandLine): each command's help (<c>--help</c> after it),
/// <c>--name value</c> or <c>--name=value</c>, typed and checked values (a bad one is a usage error, exit 2, naming the
/// option), and completions for a shell (<c>orders-query completion bash</c>). Each command's work is in
/// <c>Commands/</c>; this file only says what it takes.
/// </summary>
public static class CommandLine
{
    public static RootCommand Build(Runner run, TextWriter output, TextWriter error)
    {
        var provider = new Option<string?>("--provider")
        {
            Description = "sqlite, postgresql or sqlserver (default: appsettings.json, then Orders__Database__Provider)",
            Recursive = true,
            HelpName = "provider",
        };
        provider.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "sqlite", "postgresql", "postgres", "sqlserver");
        var connection = new Option<string?>("--connection-string") { Description = "the journal's database", Recursive = true };
        var readConnection = new Option<string?>("--read-connection-string") { Description = "the read tables' database (default: the provider's)", Recursive = true };

        var root = new RootCommand("orders-query: the operator's tool over the Orders journal and read tables. Exit codes: 0 ok, "
                                   + "1 check failed, 2 usage error or not found, 3 cannot use the database, 130 stopped by Ctrl+C.")
        {
            provider, connection, readConnection,
        };
        root.Add(Events(run, error));
        root.Add(State(run, error));
        root.Add(Orders(run));
        root.Add(Projections(run, error));
        root.Add(Tag(run));
        root.Add(Export(run, error));
        root.Add(Verify(run, error));
        root.Add(Migrate(run));
        root.Add(Completion(output));
        return root;
    }

    /// <summary>The connection options, by name, for <see cref="OrdersQuery"/>'s settings.</summary>
    public static (string? Provider, string? ConnectionString, string? ReadConnectionString) Connection(ParseResult parsed) =>
        (parsed.GetValue<string?>("--provider"), parsed.GetValue<string?>("--connection-string"), parsed.GetValue<string?>("--read-connection-string"));

    private static Command Events(Runner run, TextWriter error)
    {
        var orderId = OrderId();
        var from = Number("--from-seq", 1, "the first sequence number (default 1)");
        var to = Number("--to-seq", 1, "the last sequence number (default: the newest)");
        var json = Json();
        var command = new Command("events", "an order's events from the journal, oldest first, decoded by today's code") { orderId, from, to, json };
        command.SetAction((parsed, _) => run(parsed, context => EventsCommand.RunAsync(context, parsed.GetValue(orderId)!,
            parsed.GetValue(from) ?? 1, parsed.GetValue(to) ?? long.MaxValue, parsed.GetValue(json), error)));
        return command;
    }

    private static Command State(Runner run, TextWriter error)
    {
        var orderId = OrderId();
        var at = new Option<DateTimeOffset?>("--at")
        {
            Description = $"the state at this time ({OrderHistory.TimeExample})",
            HelpName = "time",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (OrderHistory.TryParseTime(text, out var time))
                {
                    return time;
                }

                result.AddError($"--at must be {OrderHistory.TimeExample}, not '{text}'");
                return null;
            },
        };
        var version = Number("--version", 1, "the state after this many events");
        var json = Json();
        var command = new Command("state", "the order replayed from the journal up to a time or a version (default: now)") { orderId, at, version, json };
        command.SetAction((parsed, _) => run(parsed, context =>
            StateCommand.RunAsync(context, parsed.GetValue(orderId)!, parsed.GetValue(at), parsed.GetValue(version), parsed.GetValue(json), error)));
        return command;
    }

    private static Command Orders(Runner run)
    {
        var limit = Number("--limit", 1, "at most this many (default 100)");
        var json = Json();
        var command = new Command("orders", "order ids in the journal") { limit, json };
        command.SetAction((parsed, _) => run(parsed, context => OrdersCommand.RunAsync(context, parsed.GetValue(limit) ?? 100, parsed.GetValue(json))));
        return command;
    }

    private static Command Projections(Runner run, TextWriter error)
    {
        var json = Json();
        var command = new Command("projections", "the status of every projection worker; its subcommands steer them") { json };
        command.SetAction((parsed, _) => run(parsed, context => ProjectionsCommand.StatusAsync(context, parsed.GetValue(json))));
        foreach (var (name, desired, what) in new[]
                 {
                     ("pause", ProjectionState.Paused, "ask a projection's workers to stop (they act within a second, whether or not a gateway runs)"),
                     ("resume", ProjectionState.Running, "ask a projection's paused workers to go on"),
                 })
        {
            var projection = ProjectionName();
            var slice = Slice();
            var request = new Command(name, what) { projection, slice };
            request.SetAction((parsed, _) => run(parsed, context =>
                ProjectionsCommand.RequestAsync(context, parsed.GetValue(projection)!, parsed.GetValue(slice), desired, error)));
            command.Add(request);
        }

        var resetName = ProjectionName();
        var resetSlice = Slice();
        var toOffset = Number("--to-offset", 0, "the offset to set (events at or below it count as applied)");
        toOffset.Required = true;
        var reset = new Command("reset", "move a stopped projection's offsets (skip events; nothing is re-applied)") { resetName, resetSlice, toOffset };
        reset.SetAction((parsed, _) => run(parsed, context => ProjectionsCommand.ResetAsync(
            context, parsed.GetValue(resetName)!, parsed.GetValue(resetSlice), parsed.GetValue(toOffset)!.Value, error)));
        command.Add(reset);

        var rebuildName = ProjectionName();
        var rebuild = new Command("rebuild", "rebuild a projection from the journal into shadow tables, then swap them in: no downtime") { rebuildName };
        rebuild.SetAction((parsed, token) => run(parsed, context => ProjectionsCommand.RebuildAsync(context, parsed.GetValue(rebuildName)!, error, token)));
        command.Add(rebuild);
        return command;
    }

    private static Command Tag(Runner run)
    {
        var tag = new Argument<string>("tag") { Description = $"a slice's tag: {OrderTags.SlicePrefix}<k>" };
        var from = Number("--from-offset", 0, "start after this offset (default 0)");
        var limit = Number("--limit", 1, "at most this many events");
        var follow = new Option<bool>("--follow") { Description = "keep following new events until Ctrl+C" };
        var command = new Command("tag", "a slice's event stream, as NDJSON") { tag, from, limit, follow };
        command.SetAction((parsed, token) => run(parsed, context => ExportCommand.TagAsync(
            context, parsed.GetValue(tag)!, parsed.GetValue(from) ?? 0, parsed.GetValue(limit) ?? long.MaxValue, parsed.GetValue(follow), token)));
        return command;
    }

    private static Command Export(Runner run, TextWriter error)
    {
        var order = new Option<string?>("--order") { Description = "only this order's events", HelpName = "orderId" };
        order.Validators.Add(result => CheckOrderId(result, result.GetValueOrDefault<string?>()));
        var format = new Option<string>("--format") { Description = "ndjson: one event a line, in journal order", Required = true };
        format.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "ndjson");
        var command = new Command("export", "events as NDJSON (progress on standard error)") { order, format };
        command.SetAction((parsed, token) => run(parsed, context => ExportCommand.ExportAsync(context, parsed.GetValue(order), error, token)));
        return command;
    }

    private static Command Verify(Runner run, TextWriter error)
    {
        var journal = new Command("journal", "read every event and snapshot with this code; exit 1 if any cannot be read");
        journal.SetAction((parsed, token) => run(parsed, context => VerifyCommand.JournalAsync(context, error, token)));
        var readModel = new Command("read-model",
            "compare each read table with the journal folded up to that projection's own offsets; "
            + "a projection behind is reported apart, and only drift exits 1");
        readModel.SetAction((parsed, token) => run(parsed, context => VerifyCommand.ReadModelAsync(context, error, token)));
        return new Command("verify", "check the journal or the read tables") { journal, readModel };
    }

    private static Command Migrate(Runner run)
    {
        var status = new Option<bool>("--status") { Description = "only say what is missing (exit 1 if anything is)" };
        var command = new Command("migrate", "bring the read tables to the latest schema version") { status };
        command.SetAction((parsed, token) => run(parsed, context => MigrateCommand.RunAsync(context, parsed.GetValue(status), token)));
        return command;
    }

    /// <summary>
    /// <c>completion bash</c>: a script that completes orders-query's commands, options and values in bash, by asking
    /// orders-query itself (System.CommandLine's <c>[suggest]</c> directive). Install: <c>source &lt;(orders-query completion bash)</c>.
    /// </summary>
    private static Command Completion(TextWriter output)
    {
        var shell = new Argument<string>("shell") { Description = "the shell: bash" };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "print a shell script that completes orders-query's commands and options") { shell };
        command.SetAction(_ =>
        {
            output.WriteLine(BashCompletion);
            return ExitCodes.Ok;
        });
        return command;
    }

    public const string BashCompletion = """
        # orders-query completion for bash: source <(orders-query completion bash)
        _orders_query_complete() {
            local IFS=$'\n'
            local line="${COMP_LINE#* }"
            local point=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
            COMPREPLY=( $(orders-query "[suggest:${point}]" "${line}" 2>/dev/null) )
        }
        complete -o default -F _orders_query_complete orders-query
        """;

    private static Argument<string> OrderId()
    {
        var orderId = new Argument<string>("orderId") { Description = "the order's id" };
        orderId.Validators.Add(result => CheckOrderId(result, result.GetValueOrDefault<string>()));
        return orderId;
    }

    private static void CheckOrderId(SymbolResult result, string? id)
    {
        if (id is not null && !OrderCommandValidator.IsValidOrderId(id))
        {
            result.AddError($"'{id}' is not a valid order id");
        }
    }

    private static Argument<string> ProjectionName() => new("name") { Description = "the projection: order_summary, customer_orders, product_sales_daily" };

    private static Option<int?> Slice() => new("--slice")
    {
        Description = "only this slice's worker (default: every slice)",
        HelpName = "K",
        CustomParser = result => (int?)Whole(result, 0, int.MaxValue, text => $"--slice must be a slice's number (0, 1, …), not '{text}'"),
    };

    private static Option<bool> Json() => new("--json") { Description = "JSON for scripts" };

    /// <summary>A whole-number option of at least <paramref name="min"/>; anything else is an error that names it.</summary>
    private static Option<long?> Number(string name, long min, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result => Whole(result, min, long.MaxValue, text => $"{name} must be a whole number of at least {min}, not '{text}'"),
    };

    /// <summary>The option's value as a whole number from <paramref name="min"/> to <paramref name="max"/>, or an error saying <paramref name="problem"/>.</summary>
    private static long? Whole(ArgumentResult result, long min, long max, Func<string, string> problem)
    {
        var text = result.Tokens.Single().Value;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        result.AddError(problem(text));
        return null;
    }
}
