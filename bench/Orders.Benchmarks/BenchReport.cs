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
    [JsonPropertyName("recovery_events_per_sec")] public required double RecoveryEventsPerSec { get; init; }
    [JsonPropertyName("recovery_with_snapshots_events_per_sec")] public required double RecoveryWithSnapshotsEventsPerSec { get; init; }
    [JsonPropertyName("duration_sec")] public required double DurationSec { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    public string ToTable()
    {
        static string F(double value, string unit = "") => double.IsNaN(value) ? "—" : value.ToString("N1", CultureInfo.InvariantCulture) + unit;
        var rows = new (string, string, string)[]
        {
            ("write, shard region", $"{F(EventsPerSec)} events/s", $"ratio {Ratio:F2} · p50 {F(P50Ms, " ms")} · p95 {F(P95Ms, " ms")} · p99 {F(P99Ms, " ms")}"),
            ("write, HTTP", $"{F(HttpEventsPerSec)} events/s", $"ratio {HttpRatio:F2} · p50 {F(HttpP50Ms, " ms")} · p99 {F(HttpP99Ms, " ms")}"),
            ("baseline (ADO.NET)", $"{F(BaselineRowsPerSec)} rows/s", "journal row + tag row per event, 100 per transaction"),
            ("single order", "", $"p50 {F(SingleOrderP50Ms, " ms")} · p99 {F(SingleOrderP99Ms, " ms")}"),
            ("projection lag", $"at {F(ProjectionAchievedRate)} events/s", $"p50 {F(ProjectionLagP50Ms, " ms")} · p99 {F(ProjectionLagP99Ms, " ms")} (offered {F(ProjectionOfferedRate)}; {ProjectionUnanswered} commands failed or unseen)"),
            ("rebuild order_summary", $"{F(RebuildEventsPerSec)} events/s", $"{RebuildEvents} events"),
            ("cold recovery", $"{F(RecoveryEventsPerSec)} events/s", $"with snapshots {F(RecoveryWithSnapshotsEventsPerSec)} events/s"),
        };
        var width = rows.Max(r => r.Item1.Length);
        var valueWidth = rows.Max(r => r.Item2.Length);
        return $"Orders benchmark — {Provider}, {Machine}, {Date:yyyy-MM-dd HH:mm}Z, {Orders} orders × {CommandsPerOrder} commands, {Clients} clients{(Quick ? " (quick)" : "")}\n"
               + string.Join('\n', rows.Select(r => $"  {r.Item1.PadRight(width)}  {r.Item2.PadLeft(valueWidth)}  {r.Item3}"))
               + $"\n  ({DurationSec:F0} s in all)";
    }
}
