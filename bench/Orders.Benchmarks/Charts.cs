using ScottPlot;
using ScottPlot.TickGenerators;

namespace Orders.Benchmarks;

/// <summary>
/// The run's charts (PNG, next to the JSON): throughput against commands in flight for Orders and every baseline
/// and peer, and command latency and projection lag against the offered rate.
/// </summary>
public static class Charts
{
    public static IReadOnlyList<string> Write(BenchReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (report.Sweep.Count > 0 || report.Baselines.Values.Any(b => b.Sweep.Count > 0))
        {
            written.Add(Throughput(report, Path.Combine(folder, $"throughput-{report.Provider}.png")));
        }

        var ladders = Ladders(report).ToList();
        if (ladders.Count > 0)
        {
            written.Add(Ladder(report, ladders, Path.Combine(folder, $"ladder-{report.Provider}.png")));
        }

        return written;
    }

    private static string Throughput(BenchReport report, string file)
    {
        var plot = new Plot();
        var series = report.Sweep
            .Concat(report.Baselines.Values.SelectMany(b => b.Sweep))
            .Concat(report.Peers.Values.SelectMany(p => p.Sweep))
            .GroupBy(point => $"{point.Target} {point.Mix}{(point.ReadSide ? " + read side" : "")}");
        var levels = new SortedSet<int>();
        foreach (var line in series)
        {
            var points = line.OrderBy(p => p.InFlight).ToList();
            levels.UnionWith(points.Select(p => p.InFlight));
            var scatter = plot.Add.Scatter(points.Select(p => Math.Log2(p.InFlight)).ToArray(), points.Select(p => p.EventsPerSec).ToArray());
            scatter.LegendText = line.Key;
            scatter.LineWidth = line.Key.StartsWith("orders", StringComparison.Ordinal) ? 3 : 1.5f;
            scatter.MarkerSize = 6;
        }

        var title = $"Write throughput — {report.Provider}, {report.Date:yyyy-MM-dd}";
        if (report.Baselines.TryGetValue("raw_batched", out var batched) && batched.RowsPerSec is { } rows)
        {
            // The physical limit is drawn only when it does not flatten every other line; it is in the title anyway.
            title += $" — raw batched insert {rows:N0} rows/s";
            var highest = report.Sweep.Concat(report.Baselines.Values.SelectMany(b => b.Sweep)).Concat(report.Peers.Values.SelectMany(p => p.Sweep))
                .Select(p => p.EventsPerSec).DefaultIfEmpty(0).Max();
            if (rows <= 2 * highest)
            {
                var limit = plot.Add.HorizontalLine(rows);
                limit.LegendText = "raw batched insert (rows/s)";
                limit.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.Bottom.TickGenerator = Ticks(levels.Select(level => (Math.Log2(level), level.ToString())));
        plot.Axes.Bottom.Label.Text = "commands in flight";
        plot.Axes.Left.Label.Text = "events/s";
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 1200, 700);
        return file;
    }

    private static string Ladder(BenchReport report, IReadOnlyList<(string Name, IReadOnlyList<LadderPoint> Steps)> ladders, string file)
    {
        // Lag spans milliseconds to tens of seconds once a step overloads: the y axis is log10 of milliseconds.
        var plot = new Plot();
        var rates = new SortedSet<int>();
        foreach (var (name, steps) in ladders)
        {
            rates.UnionWith(steps.Select(s => s.Offered));
            Add(steps, s => s.LagP50Ms, $"{name} lag p50", LinePattern.Solid);
            Add(steps, s => s.LagP99Ms, $"{name} lag p99", LinePattern.Dashed);
            Add(steps, s => s.CommandP99Ms, $"{name} command p99", LinePattern.Dotted);
        }

        var limit = plot.Add.HorizontalLine(Math.Log10(Scenarios.OfferedRateLadder.SustainableLagP99.TotalMilliseconds));
        limit.LegendText = "sustainable: lag p99 ≤ 250 ms";
        limit.Color = Colors.Gray;
        plot.Axes.Bottom.TickGenerator = Ticks(rates.Select(rate => (Math.Log2(rate), rate.ToString())));
        plot.Axes.Left.TickGenerator = Ticks(Enumerable.Range(-1, 7).Select(power => ((double)power, FormatMs(Math.Pow(10, power)))));
        plot.Axes.Bottom.Label.Text = "offered events/s";
        plot.Axes.Left.Label.Text = "milliseconds (log scale)";
        plot.Title($"Latency and projection lag against offered rate — {report.Provider}, {report.Date:yyyy-MM-dd}");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 1200, 700);
        return file;

        void Add(IReadOnlyList<LadderPoint> steps, Func<LadderPoint, double> value, string legend, LinePattern pattern)
        {
            var shown = steps.Where(s => !double.IsNaN(value(s))).ToList();
            var scatter = plot.Add.Scatter(shown.Select(s => Math.Log2(s.Offered)).ToArray(), shown.Select(s => Math.Log10(Math.Max(0.1, value(s)))).ToArray());
            scatter.LegendText = legend;
            scatter.LinePattern = pattern;
            scatter.MarkerSize = 6;
        }
    }

    private static IEnumerable<(string, IReadOnlyList<LadderPoint>)> Ladders(BenchReport report)
    {
        if (report.Ladder.Count > 0)
        {
            yield return ("orders", report.Ladder);
        }

        foreach (var (name, peer) in report.Peers)
        {
            if (peer.Ladder is { Count: > 0 } ladder)
            {
                yield return (name, ladder);
            }
        }
    }

    private static NumericManual Ticks(IEnumerable<(double Position, string Label)> ticks)
    {
        var manual = new NumericManual();
        foreach (var (position, label) in ticks)
        {
            manual.AddMajor(position, label);
        }

        return manual;
    }

    private static string FormatMs(double ms) => ms >= 1000 ? $"{ms / 1000:0.#} s" : $"{ms:0.#} ms";
}
