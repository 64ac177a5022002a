using System.Text.Json;
using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Projections.Schema;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Cli.Tests;

/// <summary><c>orders-query</c> against a journal written by the real service composition, on each provider.</summary>
public abstract class OrdersQueryTests : TestWithResources
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database;

    static OrdersQueryTests()
    {
        // The tool judges whether workers still run by how recently they reported; the test service reports every 2 s.
        Environment.SetEnvironmentVariable("Orders__Projections__BacktrackingInterval", "00:00:02");
    }

    protected OrdersQueryTests(DatabaseProvider provider)
    {
        _database = Track(TestDatabases.Create(provider));
        using var host = OrdersTestHost.Start(_database.Settings(), withProjections: true);
        var region = host.Registry.Get<OrderRegion>();
        Send(region, new CreateOrder("cli-1", "c-1", "EUR", [new OrderLine("A", 2, 5m)], new CommandMetadata(T0)));
        Send(region, new PayOrder("cli-1", "card", 10m, new CommandMetadata(T0.AddMinutes(10))));
        Send(region, new ShipOrder("cli-1", "ups", "1Z", new CommandMetadata(T0.AddMinutes(20))));
        Send(region, new CreateOrder("cli-2", "c-2", "USD", [], new CommandMetadata(T0)));
        // Let the projection workers register and catch up before the host stops.
        var report = new Orders.Projections.Runtime.ProjectionStatusReport(
            new Orders.Projections.Runtime.ProjectionStatusStore(Orders.Projections.Storage.ReadModelStore.For(_database.Settings().Database), TimeProvider.System),
            new Orders.Projections.Storage.JournalTables(_database.Settings().Database), TimeProvider.System);
        Eventually.Holds(async () =>
        {
            var workers = await report.ReadAsync();
            Assert.Equal(12, workers.Count);
            Assert.All(workers, worker => Assert.Equal(0, worker.LagEvents));
        }).GetAwaiter().GetResult();
    }

    [SkippableFact]
    public async Task Events_lists_an_orders_events_with_sequence_ordering_and_manifest()
    {
        var (exit, output, _) = await RunAsync("events", "cli-1", "--json");

        Assert.Equal(0, exit);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["order-created.v2", "order-paid.v2", "order-shipped.v1"], events.Select(e => e.GetProperty("manifest").GetString()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("sequenceNr").GetInt64()));
        Assert.Equal("ups", events[2].GetProperty("payload").GetProperty("carrier").GetString());

        var (_, range, _) = await RunAsync("events", "cli-1", "--from-seq", "2", "--to-seq", "2");
        Assert.Contains("order-paid.v2", range);
        Assert.DoesNotContain("order-created.v2", range);
    }

    [SkippableFact]
    public async Task State_replays_the_order_as_it_was_at_a_time_or_a_version()
    {
        var (exit, atPayment, _) = await RunAsync("state", "cli-1", "--at", T0.AddMinutes(15).ToString("O"), "--json");
        Assert.Equal(0, exit);
        var state = JsonDocument.Parse(atPayment).RootElement;
        Assert.Equal(("paid", 2), (state.GetProperty("status").GetString(), state.GetProperty("version").GetInt32()));

        var (_, first, _) = await RunAsync("state", "cli-1", "--version", "1", "--json");
        Assert.Equal("pending", JsonDocument.Parse(first).RootElement.GetProperty("status").GetString());

        var (before, _, error) = await RunAsync("state", "cli-1", "--at", "2020-01-01T00:00:00Z");
        Assert.Equal(2, before);
        Assert.Contains("did not exist", error);
        Assert.Equal(2, (await RunAsync("state", "cli-1", "--version", "9")).Exit);
        var (unknown, _, why) = await RunAsync("events", "never-created");
        Assert.Equal(2, unknown);
        Assert.Contains("order 'never-created' has no events", why);
    }

    [SkippableFact]
    public async Task Orders_lists_the_order_ids_in_the_journal()
    {
        var (exit, output, _) = await RunAsync("orders");
        Assert.Equal(0, exit);
        Assert.Equal(["cli-1", "cli-2"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order());
        Assert.Single((await RunAsync("orders", "--limit", "1")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public async Task Projections_shows_every_worker_and_pause_and_resume_store_the_request()
    {
        var (exit, table, _) = await RunAsync("projections");
        Assert.Equal(0, exit);
        Assert.Equal(12, table.Split('\n').Count(line => line.StartsWith("order_summary") || line.StartsWith("customer_orders") || line.StartsWith("product_sales_daily")));

        var (paused, said, _) = await RunAsync("projections", "pause", "order_summary", "--slice", "1");
        Assert.Equal(0, paused);
        Assert.Contains("asked 1 worker(s) of order_summary to pause", said);
        var status = new Orders.Projections.Runtime.ProjectionStatusStore(
            Orders.Projections.Storage.ReadModelStore.For(_database.Settings().Database), TimeProvider.System);
        Assert.Equal("paused", (await status.ReadAsync("order_summary", 1))?.DesiredState);
        Assert.Equal(0, (await RunAsync("projections", "resume", "order_summary")).Exit);
        Assert.Equal("running", (await status.ReadAsync("order_summary", 1))?.DesiredState);
        Assert.Equal(2, (await RunAsync("projections", "pause", "nothing")).Exit);
    }

    [SkippableFact]
    public async Task Verify_journal_counts_manifests_and_fails_on_an_unreadable_event()
    {
        var (exit, output, _) = await RunAsync("verify", "journal");
        Assert.Equal(0, exit);
        Assert.Contains("event order-created.v2", output);
        Assert.Contains("4 readable, 0 unreadable", output);

        await using (var bad = await new RawJournalWriter(_database, 4).BeginAsync("broken", 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await bad.CommitAsync();
        }

        var (failed, summary, errors) = await RunAsync("verify", "journal");
        Assert.Equal(1, failed);
        Assert.Contains("4 readable, 1 unreadable", summary);
        Assert.Contains("order-broken #1 (order-teleported.v1)", errors);
    }

    [SkippableFact]
    public async Task Export_writes_every_event_as_ndjson_in_journal_order()
    {
        var (exit, output, _) = await RunAsync("export", "--format", "ndjson");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        var orderings = lines.Select(line => line.GetProperty("ordering").GetInt64()).ToList();
        Assert.Equal(orderings.Order(), orderings);
        Assert.Equal(3, (await RunAsync("export", "--order", "cli-1", "--format", "ndjson")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, (await RunAsync("export", "--format", "csv")).Exit);
    }

    [SkippableFact]
    public async Task Tag_shows_a_slice_and_follow_keeps_tailing_until_cancelled()
    {
        var slice = Orders.Contracts.Tagging.OrderTags.ForOrder("cli-1", 4);
        var (exit, output, _) = await RunAsync("tag", slice, "--limit", "2");
        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Following: it prints what is there, then an event written afterwards, and ends (exit 0) only when cancelled.
        var later = Enumerable.Range(0, 100).Select(i => $"cli-follow-{i}").First(id => Orders.Contracts.Tagging.OrderTags.ForOrder(id, 4) == slice);
        var written = new StringWriter();
        var tail = TextWriter.Synchronized(written);
        string Tail()
        {
            lock (tail)
            {
                return written.ToString();
            }
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a bound for a hung run, not the test's window
        var following = OrdersQuery.RunAsync(
            ["tag", slice, "--follow", "--provider", _database.Provider.ToString(), "--connection-string", _database.ConnectionString,
             "--read-connection-string", _database.ReadModelConnectionString],
            tail, TextWriter.Null, stop.Token);
        try
        {
            await Eventually.Holds(() => Task.Run(() => Assert.Contains("cli-1", Tail())), TimeSpan.FromSeconds(60));
            Assert.False(following.IsCompleted, "--follow ended by itself after the events that were there");
            await new RawJournalWriter(_database, 4).WriteAsync(new OrderCreated(later, "c-9", "USD", [], T0), 1);
            await Eventually.Holds(() => Task.Run(() => Assert.Contains(later, Tail())), TimeSpan.FromSeconds(60));
            Assert.False(following.IsCompleted);
            await stop.CancelAsync();
            Assert.Equal(ExitCodes.Cancelled, await following);
        }
        finally
        {
            // Never leave the follower running past the test, whatever failed.
            await stop.CancelAsync();
            await Task.WhenAny(following);
            // The other tests of this class compare the journal with read tables that no projection updates now.
            await _database.ExecuteOnJournalAsync($"DELETE FROM tags WHERE persistence_id = 'order-{later}'");
            await _database.ExecuteOnJournalAsync($"DELETE FROM journal WHERE persistence_id = 'order-{later}'");
        }
    }

    [SkippableFact]
    public async Task Verify_read_model_passes_on_caught_up_tables_and_reports_drift()
    {
        var (exit, output, errors) = await RunAsync("verify", "read-model");
        Assert.True(exit == 0, output + errors);
        Assert.Contains("0 difference(s)", output);
        Assert.Contains("order_summary: applied up to the journal's end", output);
        Assert.DoesNotContain("behind", output);

        await _database.ExecuteOnReadModelAsync("UPDATE order_summary SET total_amount = 1 WHERE order_id = 'cli-1'");
        await _database.ExecuteOnReadModelAsync("DELETE FROM customer_orders WHERE customer_id = 'c-2'");
        var (drift, summary, report) = await RunAsync("verify", "read-model");
        Assert.Equal(1, drift);
        Assert.Contains("order_summary: missing row cli-1|c-1|shipped", report);
        Assert.Contains("order_summary: unexpected row cli-1|c-1|shipped|1|1.00", report);
        Assert.Contains("customer_orders: missing row c-2|", report);
        Assert.Contains("3 difference(s)", summary);
    }

    [SkippableFact]
    public async Task Verify_read_model_tells_a_projection_that_is_behind_from_drift()
    {
        // The service ran without its projections: three events are in the journal that no projection applied.
        using (var writer = OrdersTestHost.Start(_database.Settings(), withProjections: false))
        {
            var region = writer.Registry.Get<OrderRegion>();
            Send(region, new CreateOrder("cli-3", "c-3", "EUR", [new OrderLine("B", 1, 7m)], new CommandMetadata(T0.AddHours(1))));
            Send(region, new PayOrder("cli-3", "card", 7m, new CommandMetadata(T0.AddHours(2))));
            Send(region, new AddOrderLine("cli-2", "C", 1, 3m, new CommandMetadata(T0.AddHours(2))));
        }

        var (exit, output, errors) = await RunAsync("verify", "read-model");
        Assert.True(exit == 0, output + errors);
        Assert.Contains("order_summary: behind by 3 event(s), not applied yet", output);
        Assert.Contains("customer_orders: behind by 3 event(s)", output);
        Assert.Contains("product_sales_daily: behind by 3 event(s)", output);
        Assert.Contains("; 0 difference(s); behind: order_summary, customer_orders, product_sales_daily", output);
        Assert.DoesNotContain(" row ", errors);

        // Drift in what was applied is still drift, behind or not.
        await _database.ExecuteOnReadModelAsync("UPDATE customer_orders SET order_count = 5 WHERE customer_id = 'c-1'");
        var (drift, summary, report) = await RunAsync("verify", "read-model");
        Assert.Equal(1, drift);
        Assert.Contains("customer_orders: missing row c-1|1|", report);
        Assert.Contains("customer_orders: unexpected row c-1|5|", report);
        Assert.DoesNotContain("order_summary", report);
        Assert.Contains("2 difference(s)", summary);

        // A table that went past its offsets (rows the journal up to there cannot explain) is drift, not "ahead".
        await _database.ExecuteOnReadModelAsync("UPDATE customer_orders SET order_count = 1 WHERE customer_id = 'c-1'");
        await _database.ExecuteOnReadModelAsync("UPDATE projection_offsets SET \"offset\" = 0 WHERE projection = 'order_summary'");
        var (rewound, _, why) = await RunAsync("verify", "read-model");
        Assert.Equal(1, rewound);
        Assert.Contains("order_summary: unexpected row cli-1|", why);
        Assert.Contains("order_summary: unexpected row cli-2|", why);
    }

    [SkippableFact]
    public async Task Ctrl_C_stops_the_long_commands_with_exit_130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        foreach (var command in new[] { new[] { "verify", "journal" }, ["verify", "read-model"], ["export", "--format", "ndjson"], ["projections", "rebuild", "order_summary"] })
        {
            var (exit, _, error) = await RunAsync(cancelled.Token, command);
            Assert.True(exit == ExitCodes.Cancelled, $"{string.Join(' ', command)}: exit {exit}, {error}");
            Assert.Contains("orders-query: cancelled", error);
        }

        Assert.Equal(0, (await RunAsync("verify", "read-model")).Exit);
    }

    [SkippableFact]
    public async Task A_rebuild_stopped_by_Ctrl_C_leaves_no_shadow_and_the_live_workers_running()
    {
        // A worker of order_summary reports now, as a running one does, and never pauses: the rebuild waits for it.
        var store = Orders.Projections.Storage.ReadModelStore.For(_database.Settings().Database);
        var status = new Orders.Projections.Runtime.ProjectionStatusStore(store, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await status.ReportAsync("order_summary", 0, Orders.Projections.Runtime.ProjectionState.Running);
                await Task.Delay(200);
            }
        });
        await status.ReportAsync("order_summary", 0, Orders.Projections.Runtime.ProjectionState.Running);
        var rebuild = RunAsync(stop.Token, "projections", "rebuild", "order_summary");
        await Eventually.Holds(async () =>
        {
            var rows = await status.ReadAllAsync();
            Assert.Contains(rows, row => row.Projection == "order_summary__rebuild");
            Assert.Contains(rows, row => row.Projection == "order_summary" && row.DesiredState == Orders.Projections.Runtime.ProjectionState.Paused);
        }, TimeSpan.FromSeconds(30));
        Assert.False(rebuild.IsCompleted);

        await stop.CancelAsync();
        var (exit, _, error) = await rebuild;
        await heartbeat;

        Assert.True(exit == ExitCodes.Cancelled, error);
        var after = await status.ReadAllAsync();
        Assert.DoesNotContain(after, row => row.Projection.EndsWith("__rebuild", StringComparison.Ordinal));
        Assert.All(after.Where(row => row.Projection == "order_summary"), row => Assert.Equal(Orders.Projections.Runtime.ProjectionState.Running, row.DesiredState));
        // The shadow tables are gone (a read of one fails), and the live tables still hold what they held.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _database.ExecuteOnReadModelAsync("SELECT COUNT(*) FROM order_summary__rebuild"));
        Assert.Equal(0, (await RunAsync("verify", "read-model")).Exit);
    }

    [SkippableFact]
    public async Task Rebuild_repairs_drift_while_the_service_is_down()
    {
        await _database.ExecuteOnReadModelAsync("UPDATE order_summary SET status = 'lost' WHERE order_id = 'cli-1'");
        Assert.Equal(1, (await RunAsync("verify", "read-model")).Exit);

        var (exit, output, errors) = await RunAsync("projections", "rebuild", "order_summary");

        Assert.True(exit == 0, output + errors);
        Assert.Contains("rebuilt order_summary from 4 events", output);
        Assert.Equal(0, (await RunAsync("verify", "read-model")).Exit);
    }

    [SkippableFact]
    public async Task Reset_moves_the_offsets_of_a_stopped_projection_only()
    {
        // A worker of slice 0 reports now, as a running one does: the tool refuses. Once its report is older than
        // three backtracking intervals (the service is down), it goes ahead.
        var store = Orders.Projections.Storage.ReadModelStore.For(_database.Settings().Database);
        await new Orders.Projections.Runtime.ProjectionStatusStore(store, TimeProvider.System)
            .ReportAsync("customer_orders", 0, Orders.Projections.Runtime.ProjectionState.Running);
        var (refused, _, why) = await RunAsync("projections", "reset", "customer_orders", "--slice", "0", "--to-offset", "2");
        Assert.Equal(1, refused);
        Assert.Contains("pause customer_orders", why);

        await Eventually.Holds(async () => Assert.Equal(0, (await RunAsync("projections", "reset", "customer_orders", "--slice", "0", "--to-offset", "2")).Exit),
            TimeSpan.FromSeconds(20));
        var offsets = new Orders.Projections.Runtime.ProjectionOffsets(store, TimeProvider.System);
        Assert.Equal(2, await offsets.LoadAsync("customer_orders", 0));
        Assert.Equal(2, (await RunAsync("projections", "reset", "customer_orders")).Exit);
    }

    [SkippableFact]
    public async Task A_database_that_cannot_be_reached_exits_3_without_a_stack_trace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OrdersQuery.RunAsync(
            ["orders", "--provider", "postgresql", "--connection-string", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"], output, error);
        Assert.Equal(3, exit);
        Assert.StartsWith("orders-query: cannot use the database", error.ToString());
        Assert.DoesNotContain(" at ", error.ToString());

        Assert.Equal(3, await OrdersQuery.RunAsync(["projections", "--provider", "sqlserver", "--connection-string", "nonsense"], output, error));
    }

    [SkippableFact]
    public async Task Scripts_get_json_from_the_tables()
    {
        var (_, orders, _) = await RunAsync("orders", "--json");
        Assert.Equal(["cli-1", "cli-2"], JsonDocument.Parse(orders).RootElement.EnumerateArray().Select(e => e.GetString()).Order());
        var (_, workers, _) = await RunAsync("projections", "--json");
        Assert.Equal(12, JsonDocument.Parse(workers).RootElement.GetArrayLength());
    }

    [SkippableFact]
    public async Task Hostile_arguments_get_a_message_and_an_exit_code_and_leave_the_journal_intact()
    {
        var before = (await RunAsync("export", "--format", "ndjson")).Output;
        foreach (var hostile in new[] { "x'; DROP TABLE journal;--", "\" OR 1=1 --", "🧨", "\u202Eevil", new string('a', 10_000), "../../etc/passwd", "" })
        {
            foreach (var args in new[]
                     {
                         new[] { "events", hostile }, ["state", hostile], ["state", "cli-1", "--at", hostile], ["state", "cli-1", "--version", hostile],
                         ["tag", hostile], ["orders", "--customer", hostile], ["orders", "--status", hostile], ["orders", "--after", hostile],
                         ["projections", "pause", hostile], ["projections", "rebuild", hostile], ["export", "--order", hostile, "--format", "ndjson"],
                     })
            {
                var (exit, output, error) = await RunAsync(args);
                Assert.True(exit is 0 or 2, $"{string.Join(' ', args)[..Math.Min(80, string.Join(' ', args).Length)]} exited {exit}: {error}");
                Assert.DoesNotContain(" at Orders.", error);
                if (exit == 2)
                {
                    Assert.StartsWith("orders-query: ", error);
                }
            }
        }

        Assert.Equal(before, (await RunAsync("export", "--format", "ndjson")).Output);
        Assert.Equal(0, (await RunAsync("verify", "journal")).Exit);
    }

    [SkippableFact]
    public async Task Migrate_says_what_is_missing_and_applies_it_once()
    {
        var (upToDate, output, _) = await RunAsync("migrate", "--status");
        Assert.Equal(0, upToDate);
        Assert.Contains($"at version {ReadSchemaMigrations.Latest}, the latest", output);

        // A database that lacks step 2: its columns and its row in the versions table are gone.
        await _database.ExecuteOnReadModelAsync("DELETE FROM read_schema_versions WHERE scriptname = '0002-sales-channel-and-payment-reference'");
        await _database.ExecuteOnReadModelAsync("ALTER TABLE order_summary DROP COLUMN payment_reference");
        await _database.ExecuteOnReadModelAsync("ALTER TABLE order_summary DROP COLUMN sales_channel");
        var (missing, status, _) = await RunAsync("migrate", "--status");
        Assert.Equal(1, missing);
        Assert.Contains("need 1 migration(s): 0002-sales-channel-and-payment-reference", status);

        var (applied, log, _) = await RunAsync("migrate");
        Assert.Equal(0, applied);
        Assert.Contains("applied 0002-sales-channel-and-payment-reference", log);
        Assert.Equal((0, $"the read tables are at version {ReadSchemaMigrations.Latest} already"), await RunAsync("migrate") is var again ? (again.Exit, again.Output.Trim()) : default);
        Assert.Equal(2, (await RunAsync("migrate", "extra")).Exit);
    }

    [SkippableFact]
    public async Task Bad_command_lines_exit_2_with_a_message()
    {
        foreach (var args in new[] { new[] { "events" }, ["events", "bad id"], ["nothing"], ["orders", "--limit", "0"], ["orders", "--bogus", "1"],
                     ["state", "cli-1", "--at", "yesterday"], ["verify"], ["projections", "pause", "order_summary", "--slice", "9"],
                     ["tag", "not-a-slice"], ["export"] })
        {
            var (exit, _, error) = await RunAsync(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} exited {exit}");
            Assert.StartsWith("orders-query: ", error);
        }
    }

    [SkippableFact]
    public async Task On_a_terminal_the_projections_table_and_the_progress_of_verify_are_drawn()
    {
        var screen = Spectre.Console.Testing.TestConsoleExtensions.Width(Spectre.Console.Testing.TestConsoleExtensions.Interactive(new Spectre.Console.Testing.TestConsole()), 200);
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] connection = ["--provider", _database.Provider.ToString(), "--connection-string", _database.ConnectionString,
            "--read-connection-string", _database.ReadModelConnectionString];
        var terminal = Terminal.For(screen, screen);

        Assert.Equal(0, await OrdersQuery.RunAsync(["projections", .. connection], output, error, CancellationToken.None, terminal));
        Assert.Contains("╭", screen.Output);
        Assert.Contains("order_summary", screen.Output);
        Assert.Equal(0, await OrdersQuery.RunAsync(["verify", "journal", .. connection], output, error, CancellationToken.None, terminal));
        Assert.Contains("reading events", screen.Output);
        Assert.Contains("100%", screen.Output);
        // The results themselves stay plain text on standard output, for scripts.
        Assert.Contains("4 readable, 0 unreadable", output.ToString());
        Assert.DoesNotContain("╭", output.ToString());
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    private async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OrdersQuery.RunAsync(
            [.. args, "--provider", _database.Provider.ToString(), "--connection-string", _database.ConnectionString,
             "--read-connection-string", _database.ReadModelConnectionString],
            output, error, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static void Send(IActorRef region, IOrderCommand command) =>
        Assert.IsType<CommandAccepted>(region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult());
}

public sealed class OrdersQueryTestsOnSqlite() : OrdersQueryTests(DatabaseProvider.Sqlite);

public sealed class OrdersQueryTestsOnPostgreSql() : OrdersQueryTests(DatabaseProvider.PostgreSql);
