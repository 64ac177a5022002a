using Orders.Projections.Hosting;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>projections</c>: every worker's status; <c>projections pause|resume &lt;name&gt; [--slice K]</c>: a request
/// stored in <c>projection_status</c> that the workers act on within a second — whether or not a gateway runs.
/// </summary>
public static class ProjectionsCommand
{
    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments, TextWriter error)
    {
        context.RefuseMissingSqliteFile();
        if (arguments.Words.Count == 1)
        {
            arguments.Allow();
            return await ShowAsync(context);
        }

        arguments.Allow("slice");
        if (arguments.Words.Count != 3 || arguments.Words[1] is not ("pause" or "resume"))
        {
            throw new UsageException("use: projections pause|resume <name> [--slice K]");
        }

        var name = arguments.Words[2];
        var names = OrdersProjectionsHostingExtensions.All(context.Dialect).Select(p => p.Name).ToList();
        if (!names.Contains(name))
        {
            throw new UsageException($"no projection '{name}'; known: {string.Join(", ", names)}");
        }

        var slice = arguments.Number("slice", 0);
        if (slice >= context.Settings.Projections.Slices)
        {
            throw new UsageException($"--slice must be below {context.Settings.Projections.Slices}");
        }

        var desired = arguments.Words[1] == "pause" ? ProjectionState.Paused : ProjectionState.Running;
        var workers = await context.Status.RequestAsync(name, (int?)slice, desired);
        if (workers == 0)
        {
            error.WriteLine($"projection '{name}' has no workers registered yet: start the service once first");
            return 1;
        }

        context.Output.WriteLine($"asked {workers} worker(s) of {name} to {(desired == ProjectionState.Paused ? "pause" : "resume")}; "
                                 + $"they act within {context.Settings.Projections.ControlInterval.TotalSeconds:0.#} s (see 'orders-query projections')");
        return 0;
    }

    private static async Task<int> ShowAsync(QueryContext context)
    {
        var report = new ProjectionStatusReport(context.Status, new JournalTables(context.Settings.Database), TimeProvider.System);
        var workers = await report.ReadAsync();
        context.Output.WriteLine($"{"projection",-22} {"slice",5} {"state",-10} {"offset",10} {"head",10} {"lag",8} {"lag s",8} {"recovered",9}  last error");
        foreach (var w in workers)
        {
            var error = w.LastError is null ? "" : $"{w.LastError}{(w.ErrorPersistenceId is null ? "" : $" (at {w.ErrorPersistenceId} #{w.ErrorSequenceNr})")}";
            context.Output.WriteLine($"{w.Projection,-22} {w.Slice,5} {w.State,-10} {w.Offset,10} {w.Head,10} {w.LagEvents,8} {w.LagSeconds,8:0.###} {w.RecoveredEvents,9}  {error}");
        }

        if (workers.Count == 0)
        {
            context.Output.WriteLine("(no workers have registered yet: the service has not run on this database)");
        }

        return 0;
    }
}
