using System.Globalization;
using System.Text.Json.Serialization;

namespace Orders.Benchmarks;

/// <summary>One level of a concurrency sweep, as the JSON and the tables show it.</summary>
/// <param name="ReadSide">True when the target's read side (Orders' projection role, Marten's async daemon) ran during the level.</param>
/// <param name="CatchUpSec">With a read side: how long it took to apply everything the level wrote, after the level.</param>
public sealed record SweepPoint(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("mix")] string Mix,
    [property: JsonPropertyName("read_side")] bool ReadSide,
    [property: JsonPropertyName("in_flight")] int InFlight,
    [property: JsonPropertyName("events_per_sec")] double EventsPerSec,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p95_ms")] double P95Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("refused")] int Refused,
    [property: JsonPropertyName("catch_up_sec")] double? CatchUpSec)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target} {Mix}{(ReadSide ? " +read side" : "")} @{InFlight}: {EventsPerSec:F0} events/s, p50 {P50Ms:F1} / p95 {P95Ms:F1} / p99 {P99Ms:F1} ms, "
        + $"{Failed} failed, {Refused} refused{(CatchUpSec is { } c ? $", caught up in {c:F1} s" : "")}");
}

/// <summary>One step of the offered-rate ladder.</summary>
public sealed record LadderPoint(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("offered_events_per_sec")] int Offered,
    [property: JsonPropertyName("achieved_events_per_sec")] double Achieved,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("refused")] int Refused,
    [property: JsonPropertyName("command_p50_ms")] double CommandP50Ms,
    [property: JsonPropertyName("command_p99_ms")] double CommandP99Ms,
    [property: JsonPropertyName("lag_p50_ms")] double LagP50Ms,
    [property: JsonPropertyName("lag_p99_ms")] double LagP99Ms,
    [property: JsonPropertyName("unseen")] int Unseen,
    [property: JsonPropertyName("drain_sec")] double DrainSec,
    [property: JsonPropertyName("sustainable")] bool Sustainable,
    [property: JsonPropertyName("process_cpu_ms_per_1000_events")] double ProcessCpuMsPerThousand,
    [property: JsonPropertyName("database_cpu_ms_per_1000_events")] double DatabaseCpuMsPerThousand,
    [property: JsonPropertyName("machine_cpu_ms_per_1000_events")] double MachineCpuMsPerThousand)
{
    public static LadderPoint From(string target, Scenarios.OfferedRateLadder.Step step) => new(
        target, step.Offered, step.Achieved, step.Failed, step.Refused, step.Commands.Percentile(50), step.Commands.Percentile(99),
        step.Lag.Percentile(50), step.Lag.Percentile(99), step.Unseen, step.Drain.TotalSeconds, step.Sustainable,
        step.ProcessCpuMsPerThousand, step.DatabaseCpuMsPerThousand, step.MachineCpuMsPerThousand);

    /// <summary>The highest offered rate of a sustainable step (0 when none was).</summary>
    public static int SustainableRate(IEnumerable<LadderPoint> steps) =>
        steps.Where(step => step.Sustainable).Select(step => step.Offered).DefaultIfEmpty(0).Max();
}

/// <summary>A baseline or a peer: what it is, and what it measured in this run.</summary>
public sealed record ComparisonReport
{
    [JsonPropertyName("what")] public required string What { get; init; }
    [JsonPropertyName("rows_per_sec")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? RowsPerSec { get; init; }
    [JsonPropertyName("sweep")] public IReadOnlyList<SweepPoint> Sweep { get; init; } = [];
    [JsonPropertyName("ladder")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<LadderPoint>? Ladder { get; init; }
    [JsonPropertyName("sustainable_events_per_sec")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? SustainableEventsPerSec { get; init; }
}
