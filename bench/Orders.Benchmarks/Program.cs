using System.Diagnostics;
using Orders.Benchmarks.Scenarios;
using Orders.Benchmarks.Targets;
using Orders.Benchmarks.Workload;
using Orders.Benchmarks;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Projections.Rebuild;
using Orders.Projections.Storage;

// The benchmark writes its table to stdout; the service's own logging (Akka writes to the console) is silenced.
var stdout = Console.Out;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"Orders.Benchmarks: {error.Message}\n{BenchOptions.Usage}");
    return 2;
}

#if DEBUG
Console.Error.WriteLine("Orders.Benchmarks: a Debug build measures nothing useful; run with -c Release");
return 2;
#else
void Progress(string text) => stdout.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
Console.SetOut(TextWriter.Null);
try
{
    return await RunAsync();
}
catch (Exception error)
{
    Console.Error.WriteLine($"Orders.Benchmarks failed: {error}");
    return 1;
}

async Task<int> RunAsync()
{
    var run = Stopwatch.StartNew();
    const int slices = 4;
    var isPostgres = options.Provider == DatabaseProvider.PostgreSql;
    var sweep = new List<SweepPoint>();
    var ladder = new List<LadderPoint>();
    var baselines = new Dictionary<string, ComparisonReport>();
    var peers = new Dictionary<string, ComparisonReport>();
    Latencies? single = null;
    RebuildReport? rebuild = null;
    ColdRecovery.Result? cold = null, snapped = null;
    ReadSideCatchUp.Result? catchUp = null;
    Mix[] BothMixes = [Mix.Realistic, Mix.CreateOnly];

    Task<IReadOnlyList<SweepPoint>> Sweep(ICommandTarget target, IReadOnlyList<Mix> mixes) =>
        ConcurrencySweep.RunAsync(target, mixes, options.Levels, options.LevelWarmUp, options.LevelWindow, Progress);

    // 1. Orders with every role: the sweep with the read side on, the classic phases, the ladder.
    if ((options.Runs("sweep") && options.ReadSide.Contains(true)) || options.Runs("ladder") || options.Runs("classic"))
    {
        using var main = BenchDatabase.Create(options, "main");
        var service = await OrdersService.StartAsync(main.Settings(snapshotEvery: 10));
        Progress($"service up on {options.Provider} ({main.Name}), every role");
        var region = new OrdersRegionTarget(service, projections: true);
        await WarmUpAsync(region);
        if (options.Runs("sweep") && options.ReadSide.Contains(true))
        {
            sweep.AddRange(await Sweep(region, BothMixes));
            sweep.AddRange(await Sweep(new OrdersHttpTarget(service, projections: true), options.HttpMixes));
        }

        if (options.Runs("classic"))
        {
            single = await SingleOrderLatency.RunAsync(service.Region, "single", options.SingleOrderCommands);
            Progress($"single order: p50 {single.Percentile(50):F1} ms, p99 {single.Percentile(99):F1} ms");
            // The rebuild is measured alone: every live worker first catches up with what the phases above wrote.
            var caughtUp = await service.WaitForProjectionsAsync(TimeSpan.FromMinutes(5));
            Progress($"projections caught up after {caughtUp.TotalSeconds:F1} s");
            rebuild = await service.Rebuilder.RunAsync("order_summary");
            Progress($"rebuild: {rebuild.Events} events in {rebuild.Duration.TotalSeconds:F1} s");

            await ColdRecovery.WriteAsync(service.Region, "rec-cold", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
            await ColdRecovery.WriteAsync(service.Region, "rec-snap", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
            await service.DisposeAsync();
            await DeleteSnapshotsAsync(main.Database, "order-rec-cold-%");
            service = await OrdersService.StartAsync(main.Settings(snapshotEvery: 10));
            cold = await ColdRecovery.RecoverAsync(service.Region, "rec-cold", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
            snapped = await ColdRecovery.RecoverAsync(service.Region, "rec-snap", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
            Progress($"recovery: {cold.EventsPerSecond:F0} events/s, with snapshots {snapped.EventsPerSecond:F0} events/s");
        }

        if (options.Runs("ladder"))
        {
            region = new OrdersRegionTarget(service, projections: true);
            await region.WaitForReadSideAsync(TimeSpan.FromMinutes(5));
            var steps = await OfferedRateLadder.RunAsync(region, "ladder", options.Rates, options.StepTime, Progress);
            ladder.AddRange(steps.Select(step => LadderPoint.From(region.Name, step)));
        }

        await service.DisposeAsync();
    }

    // 1b. The read side's cost alone: writes with every projection paused, then the catch-up with nothing else running.
    if (options.Runs("catchup"))
    {
        using var database = BenchDatabase.Create(options, "catchup");
        await using var service = await OrdersService.StartAsync(database.Settings(snapshotEvery: 10));
        Progress($"service up on {options.Provider} ({database.Name}), every role, for the read side's cost");
        await WarmUpAsync(new OrdersRegionTarget(service, projections: true));
        catchUp = await ReadSideCatchUp.RunAsync(service, new OrdersRegionTarget(service, projections: false), options.CatchUpWriteTime, Progress);
    }

    // 2. Orders without the projection role: what the write side takes when nothing is projected.
    if (options.Runs("sweep") && options.ReadSide.Contains(false))
    {
        using var writes = BenchDatabase.Create(options, "writes");
        await using var service = await OrdersService.StartAsync(writes.Settings(snapshotEvery: 10, projections: false));
        Progress("service up without the projection role");
        var region = new OrdersRegionTarget(service, projections: false);
        await WarmUpAsync(region);
        sweep.AddRange(await Sweep(region, BothMixes));
        sweep.AddRange(await Sweep(new OrdersHttpTarget(service, projections: false), options.HttpMixes));
    }

    // 3. Baselines, on tables the journal plugin created: the raw batched insert (the physical limit), a raw
    // transaction per command, and bare Akka.Persistence.Sql.
    if (options.Runs("baselines"))
    {
        using var database = BenchDatabase.Create(options, "baseline");
        await using var bare = await BareAkkaPersistenceTarget.StartAsync(database.Database, slices);
        // The plugin creates its tables on its first write.
        await WarmUpAsync(bare);
        var batched = await Baseline.RunAsync(database.Database, options.Orders, options.CommandsPerOrder, options.Clients, slices);
        Progress($"raw batched insert: {batched.RowsPerSecond:F0} rows/s");
        baselines["raw_batched"] = new ComparisonReport
        {
            What = $"journal row + tag row per event, plain ADO.NET, 100 events per transaction (one multi-row INSERT each), {options.Clients} connections",
            RowsPerSec = batched.RowsPerSecond,
        };
        baselines["raw_per_command"] = new ComparisonReport
        {
            What = "one transaction per command (journal row, then its tag row) on a pooled connection: an application writing its own events table",
            Sweep = await Sweep(new RawPerCommandTarget(database.Database, slices), BothMixes),
        };
        baselines["bare_akka_persistence_sql"] = new ComparisonReport
        {
            What = "a minimal persistent actor per order on Akka.Persistence.Sql with the service's journal settings, tags, serializer and payloads; no domain, sharding, HTTP or projections",
            Sweep = await Sweep(bare, BothMixes),
        };
    }

    // 4. The peer: Marten, on the same PostgreSQL server.
    if (options.Runs("peers") && isPostgres)
    {
        var martenSweep = new List<SweepPoint>();
        var martenLadder = new List<LadderPoint>();
        using (var database = BenchDatabase.Create(options, "marten"))
        {
            await using var marten = await MartenTarget.StartAsync(database.ConnectionString, daemon: true);
            Progress("Marten up, with its async daemon");
            await WarmUpAsync(marten);
            if (options.Runs("sweep"))
            {
                martenSweep.AddRange(await Sweep(marten, BothMixes));
            }

            if (options.Runs("ladder"))
            {
                var steps = await OfferedRateLadder.RunAsync(marten, "ladder", options.Rates, options.StepTime, Progress);
                martenLadder.AddRange(steps.Select(step => LadderPoint.From(marten.Name, step)));
            }
        }

        if (options.Runs("sweep"))
        {
            using var database = BenchDatabase.Create(options, "marten_writes");
            await using var marten = await MartenTarget.StartAsync(database.ConnectionString, daemon: false);
            Progress("Marten up, without a daemon");
            await WarmUpAsync(marten);
            martenSweep.AddRange(await Sweep(marten, BothMixes));
        }

        peers["marten"] = new ComparisonReport
        {
            What = "Marten 9.58 on the same PostgreSQL server: one stream per order (string ids), one event per command, Quick append mode, a lightweight session and SaveChangesAsync per command; with its async daemon (Solo) running a single-stream projection into an order summary document",
            Sweep = martenSweep,
            Ladder = martenLadder,
            SustainableEventsPerSec = martenLadder.Count > 0 ? LadderPoint.SustainableRate(martenLadder) : null,
        };
    }

    // Today's keys: the shard region's and HTTP's realistic mix with every role, at the highest level swept.
    var legacyRegion = Capacity(sweep, "orders-region");
    var legacyHttp = Capacity(sweep, "orders-http");
    var legacyLag = ladder.LastOrDefault(step => step.Offered <= 1000) ?? ladder.LastOrDefault();
    var rawBatched = baselines.TryGetValue("raw_batched", out var raw) ? raw.RowsPerSec ?? double.NaN : double.NaN;
    var report = new BenchReport
    {
        Provider = isPostgres ? "postgres" : "sqlite",
        Machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
        Date = DateTimeOffset.UtcNow,
        Quick = options.Quick,
        Orders = options.Orders,
        CommandsPerOrder = options.CommandsPerOrder,
        Clients = legacyRegion?.InFlight ?? 0,
        EventsPerSec = legacyRegion?.EventsPerSec ?? double.NaN,
        BaselineRowsPerSec = rawBatched,
        Ratio = (legacyRegion?.EventsPerSec ?? double.NaN) / rawBatched,
        P50Ms = legacyRegion?.P50Ms ?? double.NaN,
        P95Ms = legacyRegion?.P95Ms ?? double.NaN,
        P99Ms = legacyRegion?.P99Ms ?? double.NaN,
        HttpEventsPerSec = legacyHttp?.EventsPerSec ?? double.NaN,
        HttpRatio = (legacyHttp?.EventsPerSec ?? double.NaN) / rawBatched,
        HttpP50Ms = legacyHttp?.P50Ms ?? double.NaN,
        HttpP99Ms = legacyHttp?.P99Ms ?? double.NaN,
        SingleOrderP50Ms = single?.Percentile(50) ?? double.NaN,
        SingleOrderP99Ms = single?.Percentile(99) ?? double.NaN,
        ProjectionOfferedRate = legacyLag?.Offered ?? double.NaN,
        ProjectionAchievedRate = legacyLag?.Achieved ?? double.NaN,
        ProjectionUnanswered = legacyLag is null ? 0 : legacyLag.Failed + legacyLag.Refused + legacyLag.Unseen,
        ProjectionLagP50Ms = legacyLag?.LagP50Ms ?? double.NaN,
        ProjectionLagP99Ms = legacyLag?.LagP99Ms ?? double.NaN,
        RebuildEvents = rebuild?.Events ?? 0,
        RebuildEventsPerSec = rebuild?.EventsPerSecond ?? double.NaN,
        CatchUpEvents = catchUp?.Events ?? 0,
        CatchUpEventsPerSec = catchUp?.EventsPerSecond ?? double.NaN,
        CatchUpServiceCpuMsPerThousand = catchUp?.ProcessCpuMsPerThousand ?? double.NaN,
        CatchUpMachineCpuMsPerThousand = catchUp?.MachineCpuMsPerThousand ?? double.NaN,
        RecoveryEventsPerSec = cold?.EventsPerSecond ?? double.NaN,
        RecoveryWithSnapshotsEventsPerSec = snapped?.EventsPerSecond ?? double.NaN,
        DurationSec = run.Elapsed.TotalSeconds,
        Sweep = sweep,
        Ladder = ladder,
        SustainableEventsPerSec = LadderPoint.SustainableRate(ladder),
        Baselines = baselines,
        Peers = peers,
    };
    stdout.WriteLine();
    stdout.WriteLine(report.ToTable());
    if (options.Out is { } file)
    {
        await File.WriteAllTextAsync(file, report.ToJson());
        stdout.WriteLine($"  summary written to {file}");
    }

    if ((options.Charts ?? (options.Out is { } json ? Path.GetDirectoryName(Path.GetFullPath(json)) : null)) is { } folder)
    {
        foreach (var chart in Charts.Write(report, folder))
        {
            stdout.WriteLine($"  chart written to {chart}");
        }
    }

    return 0;
}

// Every target starts with the same two seconds at 32 in flight (JIT, connection pools, the journal's tables).
static async Task WarmUpAsync(ICommandTarget target)
{
    await ClosedLoop.RunAsync(target, Mix.Realistic, $"warm-{target.Name}", 32, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    if (target.HasReadSide)
    {
        await target.WaitForReadSideAsync(TimeSpan.FromMinutes(5));
    }
}

static SweepPoint? Capacity(IEnumerable<SweepPoint> sweep, string target) =>
    sweep.Where(point => point.Target == target && point.ReadSide && point.Mix == Mixes.Name(Mix.Realistic))
        .MaxBy(point => point.InFlight);

static async Task DeleteSnapshotsAsync(DatabaseSettings database, string persistenceIdPattern)
{
    var dialect = SqlDialect.For(database.Provider);
    await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(database.ConnectionString));
    await connection.OpenAsync();
    await using var command = connection.CreateCommand(null, "DELETE FROM snapshot WHERE persistence_id LIKE @pattern", ("@pattern", persistenceIdPattern));
    await command.ExecuteNonQueryAsync();
}
#endif
