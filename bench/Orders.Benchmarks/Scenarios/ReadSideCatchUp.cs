using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Benchmarks.Targets;
using Orders.Benchmarks.Workload;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// What the read side costs per event, measured alone. With every projection paused (through the HTTP API), the
/// service takes writes for a while; then the projections resume and catch up while nothing else runs — no writes,
/// no visibility probe. The CPU time of this process (the service; the benchmark itself only polls the status) and of
/// the whole machine (the database server included) spent until every worker has caught up, per event.
/// </summary>
public static class ReadSideCatchUp
{
    /// <param name="Events">Events each projection applied (the backlog of one projection, over its slices).</param>
    /// <param name="Projections">How many projections applied them.</param>
    public sealed record Result(long Events, int Projections, TimeSpan Elapsed, TimeSpan ProcessCpu, TimeSpan MachineCpu)
    {
        public double EventsPerSecond => Events / Elapsed.TotalSeconds;

        /// <summary>CPU milliseconds of the service per 1 000 events, all projections together.</summary>
        public double ProcessCpuMsPerThousand => ProcessCpu.TotalMilliseconds * 1000 / Events;

        public double MachineCpuMsPerThousand => MachineCpu.TotalMilliseconds * 1000 / Events;
    }

    public static async Task<Result> RunAsync(OrdersService service, ICommandTarget writer, TimeSpan writeTime, Action<string> progress)
    {
        var names = (await WorkersAsync(service)).Select(worker => worker.GetProperty("projection").GetString()!).Distinct().ToList();
        await RequestAsync(service, names, "pause");
        await WaitAsync(service, workers => workers.All(worker => worker.GetProperty("state").GetString() == "paused"), "pause");
        var written = await ClosedLoop.RunAsync(writer, Mix.Realistic, "catch-up", 64, TimeSpan.Zero, writeTime);
        var backlog = (await WorkersAsync(service)).GroupBy(worker => worker.GetProperty("projection").GetString())
            .Max(projection => projection.Sum(worker => worker.GetProperty("lagEvents").GetInt64()));
        progress($"catch-up: {written.Events} commands written with every projection paused; a backlog of {backlog} events each");

        var before = CpuUse.Now();
        var clock = Stopwatch.StartNew();
        await RequestAsync(service, names, "resume");
        await WaitAsync(service, workers => workers.All(worker => worker.GetProperty("lagEvents").GetInt64() == 0), "catch up");
        var elapsed = clock.Elapsed;
        var used = CpuUse.Now() - before;
        var result = new Result(backlog, names.Count, elapsed, used.Process, used.Machine);
        progress($"catch-up: {backlog} events × {names.Count} projections in {elapsed.TotalSeconds:F1} s ({result.EventsPerSecond:F0} events/s); "
                 + $"CPU per 1 000 events: service {result.ProcessCpuMsPerThousand:F0} ms, machine {result.MachineCpuMsPerThousand:F0} ms");
        return result;
    }

    private static async Task RequestAsync(OrdersService service, IEnumerable<string> names, string what)
    {
        foreach (var name in names)
        {
            (await service.Http.PostAsync($"/projections/{name}/{what}", null)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Polls the status every half second (a status read costs a backlog query per worker: not more often).</summary>
    private static async Task WaitAsync(OrdersService service, Func<List<JsonElement>, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await WorkersAsync(service)))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"the projections did not {what} within 10 minutes");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<List<JsonElement>> WorkersAsync(OrdersService service) =>
        (await service.Http.GetFromJsonAsync<JsonElement>("/projections")).GetProperty("workers").EnumerateArray().ToList();
}
