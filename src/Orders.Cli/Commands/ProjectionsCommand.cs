using Orders.Projections.Hosting;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Projections.Storage.Dialects;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>projections</c>: every worker's status; <c>projections pause|resume &lt;name&gt; [--slice K]</c>: a request
/// stored in <c>projection_status</c> that the workers act on within a second — whether or not a gateway runs.
/// </summary>
public static class ProjectionsCommand
{
    /// <summary><c>projections</c>: every worker's status.</summary>
    public static async Task<int> StatusAsync(QueryContext context, bool json)
    {
        context.RefuseMissingSqliteFile();
        return await ShowAsync(context, json);
    }

    /// <summary><c>projections pause|resume &lt;name&gt; [--slice K]</c>.</summary>
    public static async Task<int> RequestAsync(QueryContext context, string name, int? slice, string desired, TextWriter error)
    {
        Check(context, name, slice);
        var workers = await context.Status.RequestAsync(name, slice, desired);
        if (workers == 0)
        {
            error.WriteLine($"projection '{name}' has no workers registered yet: start the service once first");
            return 1;
        }

        context.Output.WriteLine($"asked {workers} worker(s) of {name} to {(desired == ProjectionState.Paused ? "pause" : "resume")}; "
                                 + $"they act within {context.Settings.Projections.ControlInterval.TotalSeconds:0.#} s (see 'orders-query projections')");
        return 0;
    }

    /// <summary>
    /// Moves the offsets of a stopped projection (paused, failed, or its service down): forward to skip an event
    /// an operator has decided to skip (<c>projections reset &lt;name&gt; [--slice K] --to-offset N</c>). Events behind a
    /// new offset are not re-applied — that is what rebuild is for.
    /// </summary>
    public static async Task<int> ResetAsync(QueryContext context, string name, int? slice, long offset, TextWriter error)
    {
        Check(context, name, slice);
        var now = DateTimeOffset.UtcNow;
        var rows = (await context.Status.ReadAllAsync()).Where(row => row.Projection == name && (slice is null || row.Slice == slice)).ToList();
        var running = rows.Where(row => row.State is not (ProjectionState.Paused or ProjectionState.Failed)
                                        && row.IsLive(now, context.Settings.Projections.BacktrackingInterval)).ToList();
        if (running.Count > 0)
        {
            error.WriteLine($"{name} slice(s) {string.Join(", ", running.Select(row => row.Slice))} are running: "
                            + $"'orders-query projections pause {name}' first");
            return 1;
        }

        var offsets = new ProjectionOffsets(context.ReadModel, TimeProvider.System);
        var slices = slice is { } k ? [k] : Enumerable.Range(0, context.Settings.Projections.Slices);
        foreach (var s in slices)
        {
            var before = await offsets.LoadAsync(name, s);
            await offsets.SetAsync(name, s, offset);
            context.Output.WriteLine($"{name} slice {s}: offset {before} -> {offset}");
        }

        context.Output.WriteLine($"resume with 'orders-query projections resume {name}'");
        return 0;
    }

    /// <summary><c>projections rebuild &lt;name&gt;</c>: from the journal without downtime; works whether or not the service runs.</summary>
    public static async Task<int> RebuildAsync(QueryContext context, string name, TextWriter progress, CancellationToken cancellationToken)
    {
        Check(context, name, slice: null);
        var (system, _) = await context.JournalAsync();
        var store = context.ReadModel;
        var deps = ProjectionDependencies.Create(context.Settings, store, TimeProvider.System);
        progress.WriteLine($"rebuilding {name} from the journal into shadow tables; the live tables keep serving reads…");
        var rebuilder = new ProjectionRebuilder(system, store, deps, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ProjectionRebuilder>.Instance);
        RebuildReport report;
        try
        {
            report = await context.Terminal.ProgressAsync(progress, $"rebuilding {name}", total: null, done => $"… {done} events applied",
                applied => rebuilder.RunAsync(name, cancellationToken, applied));
        }
        catch (Exception failure) when (failure is InvalidOperationException or TimeoutException)
        {
            context.Output.WriteLine($"rebuild of {name} did not complete: {failure.Message}; the live tables are unchanged");
            return ExitCodes.CheckFailed;
        }

        context.Output.WriteLine($"rebuilt {name} from {report.Events} events in {report.Duration.TotalSeconds:0.0} s ({report.EventsPerSecond:0} events/s)");
        return 0;
    }

    /// <summary>The projection exists and the slice (if any) is one of the configured ones.</summary>
    private static void Check(QueryContext context, string name, int? slice)
    {
        context.RefuseMissingSqliteFile();
        var names = OrdersProjectionsHostingExtensions.All(ReadSideSql.For(context.Dialect.Provider)).Select(p => p.Name).ToList();
        if (!names.Contains(name))
        {
            throw new UsageException($"no projection '{name}'; known: {string.Join(", ", names)}");
        }

        if (slice >= context.Settings.Projections.Slices)
        {
            throw new UsageException($"--slice must be below {context.Settings.Projections.Slices}");
        }
    }

    private static async Task<int> ShowAsync(QueryContext context, bool json)
    {
        var report = new ProjectionStatusReport(context.Status, new JournalTables(context.Database), TimeProvider.System);
        var workers = await report.ReadAsync();
        if (json)
        {
            context.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(workers, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            return 0;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        context.Terminal.Table(context.Output,
            ["projection", "slice", "state", "offset", "head", "lag", "lag s", "recovered", "last error"],
            workers.Select(w => (IReadOnlyList<string>)
            [
                w.Projection, w.Slice.ToString(invariant), w.State, w.Offset.ToString(invariant), w.Head.ToString(invariant),
                w.LagEvents.ToString(invariant), w.LagSeconds.ToString("0.###", invariant), w.RecoveredEvents.ToString(invariant),
                w.LastError is null ? "" : $"{w.LastError}{(w.ErrorPersistenceId is null ? "" : $" (at {w.ErrorPersistenceId} #{w.ErrorSequenceNr})")}",
            ]),
            rightAligned: new HashSet<int> { 1, 3, 4, 5, 6, 7 });

        if (workers.Count == 0)
        {
            context.Output.WriteLine("(no workers have registered yet: the service has not run on this database)");
        }

        return 0;
    }
}
