using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Benchmarks;

/// <summary>Every figure of one run: the JSON summary (<c>--out</c>) and the table on stdout.</summary>
public sealed record BenchReport
{
    [JsonPropertyName("provider")] public required string Provider { get; init; }
    [JsonPropertyName("machine")] public required string Machine { get; init; }
    [JsonPropertyName("date")] public required DateTimeOffset Date { get; init; }
    [JsonPropertyName("quick")] public required bool Quick { get; init; }
    [JsonPropertyName("orders")] public required int Orders { get; init; }
    [JsonPropertyName("commands_per_order")] public required int CommandsPerOrder { get; init; }
    [JsonPropertyName("clients")] public required int Clients { get; init; }
    [JsonPropertyName("events_per_sec")] public required double EventsPerSec { get; init; }
    [JsonPropertyName("baseline_rows_per_sec")] public required double BaselineRowsPerSec { get; init; }
    [JsonPropertyName("ratio")] public required double Ratio { get; init; }
    [JsonPropertyName("p50_ms")] public required double P50Ms { get; init; }
    [JsonPropertyName("p95_ms")] public required double P95Ms { get; init; }
    [JsonPropertyName("p99_ms")] public required double P99Ms { get; init; }
    [JsonPropertyName("http_events_per_sec")] public required double HttpEventsPerSec { get; init; }
    [JsonPropertyName("http_ratio")] public required double HttpRatio { get; init; }
    [JsonPropertyName("http_p50_ms")] public required double HttpP50Ms { get; init; }
    [JsonPropertyName("http_p99_ms")] public required double HttpP99Ms { get; init; }
    [JsonPropertyName("single_order_p50_ms")] public required double SingleOrderP50Ms { get; init; }
    [JsonPropertyName("single_order_p99_ms")] public required double SingleOrderP99Ms { get; init; }
    [JsonPropertyName("projection_offered_events_per_sec")] public required double ProjectionOfferedRate { get; init; }
    [JsonPropertyName("projection_achieved_events_per_sec")] public required double ProjectionAchievedRate { get; init; }
    [JsonPropertyName("projection_unanswered")] public required int ProjectionUnanswered { get; init; }
    [JsonPropertyName("projection_lag_p50_ms")] public required double ProjectionLagP50Ms { get; init; }
    [JsonPropertyName("projection_lag_p99_ms")] public required double ProjectionLagP99Ms { get; init; }
    [JsonPropertyName("rebuild_events")] public required long RebuildEvents { get; init; }
    [JsonPropertyName("rebuild_events_per_sec")] public required double RebuildEventsPerSec { get; init; }
    [JsonPropertyName("catchup_events")] public long CatchUpEvents { get; init; }
    [JsonPropertyName("catchup_events_per_sec")] public double CatchUpEventsPerSec { get; init; } = double.NaN;
    [JsonPropertyName("catchup_service_cpu_ms_per_1000_events")] public double CatchUpServiceCpuMsPerThousand { get; init; } = double.NaN;
    [JsonPropertyName("catchup_machine_cpu_ms_per_1000_events")] public double CatchUpMachineCpuMsPerThousand { get; init; } = double.NaN;
    [JsonPropertyName("recovery_events_per_sec")] public required double RecoveryEventsPerSec { get; init; }
    [JsonPropertyName("recovery_with_snapshots_events_per_sec")] public required double RecoveryWithSnapshotsEventsPerSec { get; init; }
    [JsonPropertyName("duration_sec")] public required double DurationSec { get; init; }

    /// <summary>Orders' concurrency sweep: one entry per path (region, HTTP), mix, read side on or off, and level.</summary>
    [JsonPropertyName("sweep")] public IReadOnlyList<SweepPoint> Sweep { get; init; } = [];

    /// <summary>Orders' open-loop ladder (through the shard region, every projection running).</summary>
    [JsonPropertyName("ladder")] public IReadOnlyList<LadderPoint> Ladder { get; init; } = [];

    /// <summary>The highest offered rate of a ladder step with lag p99 ≤ 250 ms and no failed command.</summary>
    [JsonPropertyName("sustainable_events_per_sec")] public int SustainableEventsPerSec { get; init; }

    /// <summary><c>raw_batched</c>, <c>raw_per_command</c>, <c>bare_akka_persistence_sql</c>: same database, same run.</summary>
    [JsonPropertyName("baselines")] public IReadOnlyDictionary<string, ComparisonReport> Baselines { get; init; } = new Dictionary<string, ComparisonReport>();

    /// <summary><c>marten</c> (PostgreSQL only): same database server, same run, same workload.</summary>
    [JsonPropertyName("peers")] public IReadOnlyDictionary<string, ComparisonReport> Peers { get; init; } = new Dictionary<string, ComparisonReport>();

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        // A figure that could not be measured (no sample) is written as "NaN", not refused.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });

    public string ToTable()
    {
        static string F(double value, string unit = "") => double.IsNaN(value) ? "—" : value.ToString("N1", CultureInfo.InvariantCulture) + unit;
        var rows = new (string, string, string)[]
        {
            ("write, shard region", $"{F(EventsPerSec)} events/s at {Clients} in flight", $"ratio {Ratio:F2} · p50 {F(P50Ms, " ms")} · p95 {F(P95Ms, " ms")} · p99 {F(P99Ms, " ms")}"),
            ("write, HTTP", $"{F(HttpEventsPerSec)} events/s", $"ratio {HttpRatio:F2} · p50 {F(HttpP50Ms, " ms")} · p99 {F(HttpP99Ms, " ms")}"),
            ("raw batched insert", $"{F(BaselineRowsPerSec)} rows/s", "journal row + tag row per event, 100 per transaction"),
            ("single order", "", $"p50 {F(SingleOrderP50Ms, " ms")} · p99 {F(SingleOrderP99Ms, " ms")}"),
            ("projection lag", $"at {F(ProjectionAchievedRate)} events/s", $"p50 {F(ProjectionLagP50Ms, " ms")} · p99 {F(ProjectionLagP99Ms, " ms")} (offered {F(ProjectionOfferedRate)}; {ProjectionUnanswered} commands failed or unseen)"),
            ("rebuild order_summary", $"{F(RebuildEventsPerSec)} events/s", $"{RebuildEvents} events"),
            ("read side catching up", $"{F(CatchUpEventsPerSec)} events/s", $"{CatchUpEvents} events, every projection · CPU per 1 000 events: service {F(CatchUpServiceCpuMsPerThousand, " ms")}, machine {F(CatchUpMachineCpuMsPerThousand, " ms")}"),
            ("cold recovery", $"{F(RecoveryEventsPerSec)} events/s", $"with snapshots {F(RecoveryWithSnapshotsEventsPerSec)} events/s"),
        };
        var width = rows.Max(r => r.Item1.Length);
        var valueWidth = rows.Max(r => r.Item2.Length);
        var comparisons = Baselines.Concat(Peers).ToList();
        return $"Orders benchmark — {Provider}, {Machine}, {Date:yyyy-MM-dd HH:mm}Z{(Quick ? " (quick)" : "")}\n"
               + string.Join('\n', rows.Select(r => $"  {r.Item1.PadRight(width)}  {r.Item2.PadLeft(valueWidth)}  {r.Item3}"))
               + "\n\nConcurrency sweep (closed loop)\n"
               + string.Join('\n', Sweep.Concat(comparisons.SelectMany(c => c.Value.Sweep)).Select(point => $"  {point}"))
               + "\n\nOffered-rate ladder (open loop)\n"
               + string.Join('\n', Ladder.Concat(comparisons.SelectMany(c => c.Value.Ladder ?? [])).Select(step => string.Create(CultureInfo.InvariantCulture,
                   $"  {step.Target} {step.Offered}/s: achieved {step.Achieved:F0}/s, {step.Failed} failed, {step.Refused} refused, command p50 {step.CommandP50Ms:F1} / p99 {step.CommandP99Ms:F1} ms, lag p50 {step.LagP50Ms:F1} / p99 {step.LagP99Ms:F1} ms, CPU per 1 000 events: process {step.ProcessCpuMsPerThousand:F0} / database {step.DatabaseCpuMsPerThousand:F0} / machine {step.MachineCpuMsPerThousand:F0} ms{(step.Sustainable ? "" : " — not sustainable")}")))
               + $"\n  sustainable: orders {SustainableEventsPerSec}/s"
               + string.Concat(Peers.Select(peer => $", {peer.Key} {peer.Value.SustainableEventsPerSec}/s"))
               + (comparisons.Count == 0 ? "" : "\n\nBaselines and peers\n" + string.Join('\n', comparisons.Select(c => $"  {c.Key}: {c.Value.What}")))
               + $"\n  ({DurationSec:F0} s in all)";
    }
}
