using System.Diagnostics;
using Orders.Benchmarks;
using Orders.Benchmarks.Scenarios;
using Orders.Cluster.Configuration;
using Orders.Cluster.Database;
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

    using var main = BenchDatabase.Create(options, "main");
    var database = new DatabaseSettings { Provider = main.Provider, ConnectionString = main.ConnectionString };
    var service = await OrdersService.StartAsync(main.Settings(snapshotEvery: 10));
    Progress($"service up on {options.Provider} ({main.Name})");

    await WriteThroughput.ThroughRegionAsync(service.Region, "warm", Math.Min(100, options.Orders), options.CommandsPerOrder, options.Clients);
    var region = await WriteThroughput.ThroughRegionAsync(service.Region, "w", options.Orders, options.CommandsPerOrder, options.Clients);
    Progress($"region: {region.EventsPerSecond:F0} events/s, p50 {region.Latencies.Percentile(50):F1} ms, p99 {region.Latencies.Percentile(99):F1} ms");
    if (Environment.GetEnvironmentVariable("ORDERS_BENCH_STOP_AFTER_REGION") == "1")
    {
        await service.DisposeAsync();
        return 0;
    }
    var http = await WriteThroughput.ThroughHttpAsync(service.Http, "h", options.HttpOrders, options.CommandsPerOrder, options.Clients);
    Progress($"HTTP: {http.EventsPerSecond:F0} events/s");
    var single = await SingleOrderLatency.RunAsync(service.Region, "single", options.SingleOrderCommands);
    Progress($"single order: p50 {single.Percentile(50):F1} ms, p99 {single.Percentile(99):F1} ms");
    // The rebuild is measured alone: every live worker first catches up with what the phases above wrote.
    var caughtUp = await service.WaitForProjectionsAsync(TimeSpan.FromMinutes(5));
    Progress($"projections caught up after {caughtUp.TotalSeconds:F1} s");
    var rebuild = await service.Rebuilder.RunAsync("order_summary");
    Progress($"rebuild: {rebuild.Events} events in {rebuild.Duration.TotalSeconds:F1} s");

    await ColdRecovery.WriteAsync(service.Region, "rec-cold", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
    await ColdRecovery.WriteAsync(service.Region, "rec-snap", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
    await service.DisposeAsync();
    await DeleteSnapshotsAsync(database, "order-rec-cold-%");
    service = await OrdersService.StartAsync(main.Settings(snapshotEvery: 10));
    var cold = await ColdRecovery.RecoverAsync(service.Region, "rec-cold", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
    var snapped = await ColdRecovery.RecoverAsync(service.Region, "rec-snap", options.RecoveryOrders, options.EventsPerRecoveredOrder, options.Clients);
    Progress($"recovery: {cold.EventsPerSecond:F0} events/s, with snapshots {snapped.EventsPerSecond:F0} events/s");

    // Last, because an offered rate beyond what the service takes leaves a backlog behind it.
    var lag = await ProjectionLag.RunAsync(service.Region, database, "lag", options.LagRate, options.LagDuration);
    Progress($"projection lag at {lag.AchievedRate:F0}/s: p50 {lag.Lag.Percentile(50):F1} ms, p99 {lag.Lag.Percentile(99):F1} ms ({lag.NeverSeen} failed or unseen)");
    await service.DisposeAsync();

    using var baselineDatabase = BenchDatabase.Create(options, "baseline");
    await using (var tables = await OrdersService.StartAsync(baselineDatabase.Settings(snapshotEvery: 10)))
    {
        // The journal plugin creates its tables when first used: one recovery of an order that does not exist.
        await ColdRecovery.RecoverAsync(tables.Region, "none", 1, 0, 1);
    }

    var baseline = await Baseline.RunAsync(
        new DatabaseSettings { Provider = baselineDatabase.Provider, ConnectionString = baselineDatabase.ConnectionString },
        options.Orders, options.CommandsPerOrder, options.Clients, slices);
    Progress($"baseline: {baseline.RowsPerSecond:F0} rows/s");

    var report = new BenchReport
    {
        Provider = options.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
        Machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
        Date = DateTimeOffset.UtcNow,
        Quick = options.Quick,
        Orders = options.Orders,
        CommandsPerOrder = options.CommandsPerOrder,
        Clients = options.Clients,
        EventsPerSec = region.EventsPerSecond,
        BaselineRowsPerSec = baseline.RowsPerSecond,
        Ratio = region.EventsPerSecond / baseline.RowsPerSecond,
        P50Ms = region.Latencies.Percentile(50),
        P95Ms = region.Latencies.Percentile(95),
        P99Ms = region.Latencies.Percentile(99),
        HttpEventsPerSec = http.EventsPerSecond,
        HttpRatio = http.EventsPerSecond / baseline.RowsPerSecond,
        HttpP50Ms = http.Latencies.Percentile(50),
        HttpP99Ms = http.Latencies.Percentile(99),
        SingleOrderP50Ms = single.Percentile(50),
        SingleOrderP99Ms = single.Percentile(99),
        ProjectionOfferedRate = lag.OfferedRate,
        ProjectionAchievedRate = lag.AchievedRate,
        ProjectionUnanswered = lag.NeverSeen,
        ProjectionLagP50Ms = lag.Lag.Percentile(50),
        ProjectionLagP99Ms = lag.Lag.Percentile(99),
        RebuildEvents = rebuild.Events,
        RebuildEventsPerSec = rebuild.EventsPerSecond,
        RecoveryEventsPerSec = cold.EventsPerSecond,
        RecoveryWithSnapshotsEventsPerSec = snapped.EventsPerSecond,
        DurationSec = run.Elapsed.TotalSeconds,
    };
    stdout.WriteLine();
    stdout.WriteLine(report.ToTable());
    if (options.Out is { } file)
    {
        await File.WriteAllTextAsync(file, report.ToJson());
        stdout.WriteLine($"  summary written to {file}");
    }

    return 0;
}

static async Task DeleteSnapshotsAsync(DatabaseSettings database, string persistenceIdPattern)
{
    var dialect = SqlDialect.For(database.Provider);
    await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(database.ConnectionString));
    await connection.OpenAsync();
    await using var command = connection.CreateCommand(null, "DELETE FROM snapshot WHERE persistence_id LIKE @pattern", ("@pattern", persistenceIdPattern));
    await command.ExecuteNonQueryAsync();
}
#endif
