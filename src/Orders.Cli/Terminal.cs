using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orders.Cli;

/// <summary>
/// How orders-query shows tables and progress to a person. On a terminal, Spectre.Console draws them: tables with
/// columns sized to their content, and progress bars (a count and a spinner where the total is unknown) on standard
/// error. Anywhere else — output redirected to a file or a pipe, a script, a test's writer — the same information is
/// plain text: tables as columns padded to their widest cell and separated by a space, progress as a line every
/// <see cref="PlainEvery"/> items. Scripts should read <c>--json</c> and NDJSON, which never go through here.
/// </summary>
public sealed class Terminal
{
    /// <summary>How often plain progress writes a line.</summary>
    public const int PlainEvery = 10_000;

    private readonly IAnsiConsole? _tables;
    private readonly IAnsiConsole? _progress;

    private Terminal(IAnsiConsole? tables, IAnsiConsole? progress)
    {
        _tables = tables;
        _progress = progress;
    }

    /// <summary>Plain text everywhere.</summary>
    public static readonly Terminal Plain = new(null, null);

    /// <summary>Spectre.Console on standard output and standard error where each is a terminal; plain text where it is redirected.</summary>
    public static Terminal ForConsole() => new(
        Console.IsOutputRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
        Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    /// <summary>Drawn on these consoles (tests give Spectre's test console).</summary>
    public static Terminal For(IAnsiConsole tables, IAnsiConsole progress) => new(tables, progress);

    /// <summary>A table: drawn on a terminal, otherwise columns padded to their widest cell (headers first).</summary>
    public void Table(TextWriter plain, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? rightAligned = null)
    {
        var all = rows.ToList();
        if (_tables is { } console)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (var i = 0; i < headers.Count; i++)
            {
                table.AddColumn(new TableColumn(Markup.Escape(headers[i])) { Alignment = rightAligned?.Contains(i) == true ? Justify.Right : Justify.Left });
            }

            foreach (var row in all)
            {
                table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
            }

            console.Write(table);
            return;
        }

        var widths = headers.Select((header, i) => all.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join(' ', cells.Select((cell, i) =>
            i == cells.Count - 1 ? cell : rightAligned?.Contains(i) == true ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
        plain.WriteLine(Line(headers));
        foreach (var row in all)
        {
            plain.WriteLine(Line(row));
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports how many items it has done (from any thread). On a terminal a bar
    /// (of <paramref name="total"/>, when known) shows it on standard error; otherwise <paramref name="plainLine"/> is
    /// written there every <see cref="PlainEvery"/> items. <paramref name="streamsToOutput"/>: the work writes lines to
    /// standard output meanwhile (export); when that is the same terminal, a live bar would tear them, so it is plain.
    /// </summary>
    public async Task<T> ProgressAsync<T>(
        TextWriter plain, string description, long? total, Func<long, string> plainLine, Func<Action<long>, Task<T>> work,
        bool streamsToOutput = false)
    {
        if (_progress is not { } console || (streamsToOutput && _tables is not null))
        {
            long printed = 0;
            return await work(done =>
            {
                // Reports may come from several threads and out of order: a line is printed once, for the highest count.
                var line = done / PlainEvery;
                if (line > 0 && RaiseTo(ref printed, line))
                {
                    plain.WriteLine(plainLine(line * PlainEvery));
                }
            });
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: total is > 0 ? total.Value : 1);
                task.IsIndeterminate = total is null;
                long highest = 0;
                long shownAt = 0;
                void Show(long done)
                {
                    task.Value = total is null ? 0 : Math.Min(done, total.Value);
                    task.Description = Markup.Escape($"{description}: {done.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}");
                }

                var result = await work(done =>
                {
                    // The highest count wins (reports may arrive out of order); the bar is redrawn ten times a second
                    // at most, so that a million rows do not format a million descriptions.
                    if (!RaiseTo(ref highest, done))
                    {
                        return;
                    }

                    var now = Environment.TickCount64;
                    var last = Interlocked.Read(ref shownAt);
                    if (now - last >= 100 && Interlocked.CompareExchange(ref shownAt, now, last) == last)
                    {
                        Show(done);
                    }
                });
                Show(Interlocked.Read(ref highest));
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is higher; true when it did.</summary>
    private static bool RaiseTo(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return true;
            }
        }

        return false;
    }
}
