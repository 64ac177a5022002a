using Orders.Cli;
using Spectre.Console.Testing;

namespace Orders.Cli.Tests;

/// <summary>
/// <see cref="Terminal"/>: on a terminal (Spectre's test console, interactive) tables and progress bars are drawn;
/// redirected (any other writer), the same information is plain text that scripts and logs can read.
/// </summary>
public sealed class TerminalTests
{
    private static readonly string[] Headers = ["projection", "slice", "last error"];
    private static readonly IReadOnlyList<string>[] Rows = [["order_summary", "0", ""], ["customer_orders", "12", "boom"]];

    [Fact]
    public void Redirected_a_table_is_columns_padded_to_their_widest_cell()
    {
        using var output = new StringWriter();
        Terminal.Plain.Table(output, Headers, Rows, rightAligned: new HashSet<int> { 1 });
        Assert.Equal(
            ["projection      slice last error", "order_summary       0", "customer_orders    12 boom"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void On_a_terminal_a_table_is_drawn_with_borders()
    {
        var console = new TestConsole();
        using var plain = new StringWriter();
        Terminal.For(console, console).Table(plain, Headers, Rows);
        Assert.Empty(plain.ToString());
        Assert.Contains("╭", console.Output);
        Assert.Contains("customer_orders", console.Output);
        Assert.Contains("boom", console.Output);
    }

    [Fact]
    public async Task Redirected_progress_is_a_line_every_ten_thousand_items()
    {
        using var error = new StringWriter();
        var result = await Terminal.Plain.ProgressAsync(error, "reading events", null, done => $"… {done} events read", report =>
        {
            for (var i = 1; i <= 25_000; i++)
            {
                report(i);
            }

            return Task.FromResult(42);
        });
        Assert.Equal(42, result);
        Assert.Equal(["… 10000 events read", "… 20000 events read"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task On_a_terminal_progress_is_a_bar_that_ends_complete_with_the_count()
    {
        var console = new TestConsole().Interactive();
        using var plain = new StringWriter();
        await Terminal.For(console, console).ProgressAsync(plain, "rebuilding order_summary", null, done => $"{done}", report =>
        {
            for (var i = 1; i <= 1_234; i++)
            {
                report(i);
            }

            return Task.FromResult(0);
        });
        Assert.Empty(plain.ToString());
        Assert.Contains("rebuilding order_summary: 1,234", console.Output);
        Assert.Contains("100%", console.Output);
    }

    [Fact]
    public async Task A_command_that_streams_to_a_terminal_gets_plain_progress_so_its_lines_stay_whole()
    {
        var console = new TestConsole().Interactive();
        using var plain = new StringWriter();
        await Terminal.For(console, console).ProgressAsync(plain, "exporting events", null, done => $"… {done} events exported", report =>
        {
            report(10_000);
            return Task.FromResult(0);
        }, streamsToOutput: true);
        Assert.Equal("… 10000 events exported", plain.ToString().Trim());
        Assert.DoesNotContain("exporting events", console.Output);
    }
}
