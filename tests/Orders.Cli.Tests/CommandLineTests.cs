using Orders.Cli;

namespace Orders.Cli.Tests;

/// <summary>
/// orders-query's command line (System.CommandLine) without a database: help for each command, <c>--name=value</c>,
/// usage errors that name what is wrong, and completions for the shell.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Each_command_has_its_own_help_with_its_options()
    {
        var (exit, root, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "events", "state", "orders", "projections", "tag", "export", "verify", "migrate", "completion" })
        {
            Assert.Contains(command, root);
        }

        foreach (var (args, expected) in new (string[], string[])[]
                 {
                     (["events", "--help"], ["<orderId>", "--from-seq", "--to-seq", "--json", "--connection-string"]),
                     (["state", "-h"], ["--at", "--version"]),
                     (["projections", "reset", "--help"], ["<name>", "--slice", "--to-offset", "skip events"]),
                     (["verify", "--help"], ["journal", "read-model"]),
                     (["export", "--help"], ["--order", "--format", "ndjson"]),
                 })
        {
            var (helpExit, help, error) = await RunAsync(args);
            Assert.True(helpExit == 0, $"{string.Join(' ', args)}: {error}");
            Assert.All(expected, word => Assert.Contains(word, help));
        }
    }

    [Fact]
    public async Task Options_take_their_value_after_a_space_or_an_equals_sign_and_bad_values_name_the_option()
    {
        // Parsed the same both ways; the database is not reached (a usage error comes first).
        var spaced = OrdersQuery.Parse(["events", "o-1", "--from-seq", "2", "--to-seq", "3"], TextWriter.Null, TextWriter.Null);
        var joined = OrdersQuery.Parse(["events", "o-1", "--from-seq=2", "--to-seq=3"], TextWriter.Null, TextWriter.Null);
        Assert.Empty(spaced.Errors);
        Assert.Empty(joined.Errors);
        Assert.Equal(2L, spaced.GetValue<long?>("--from-seq"));
        Assert.Equal(2L, joined.GetValue<long?>("--from-seq"));
        Assert.Equal(3L, joined.GetValue<long?>("--to-seq"));

        foreach (var (args, message) in new (string[], string)[]
                 {
                     (["orders", "--limit=0"], "--limit must be a whole number of at least 1, not '0'"),
                     (["orders", "--limit", "-5"], "--limit must be a whole number of at least 1, not '-5'"),
                     (["orders", "--bogus", "1"], "'--bogus'"),
                     (["state", "o-1", "--at=yesterday"], "--at must be"),
                     (["events", "bad id"], "'bad id' is not a valid order id"),
                     (["export", "--format=csv"], "csv"),
                     (["projections", "pause", "order_summary", "--slice=x"], "--slice must be a slice's number"),
                     (["verify"], "Required command was not provided"),
                     (["--provider=oracle", "orders"], "oracle"),
                     ([], "Required command was not provided"),
                 })
        {
            var (exit, _, error) = await RunAsync(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} exited {exit}");
            Assert.StartsWith("orders-query: ", error);
            Assert.Contains(message, error);
            Assert.Contains("--help' for its commands and options", error);
        }
    }

    [Fact]
    public async Task The_shell_completes_commands_subcommands_and_options_by_asking_orders_query()
    {
        Assert.Contains("pause", Completions("projections", "p"));
        Assert.Contains("read-model", Completions("verify", ""));
        Assert.Contains("--to-offset", Completions("projections", "reset", "order_summary", "--"));

        // What the bash script asks: the [suggest] directive with the cursor's position in the line.
        var (exit, suggested, _) = await RunAsync("[suggest:13]", "projections p");
        Assert.Equal(0, exit);
        Assert.Contains("pause", suggested.Split('\n', StringSplitOptions.TrimEntries));
        var (scriptExit, script, _) = await RunAsync("completion", "bash");
        Assert.Equal(0, scriptExit);
        Assert.Contains("complete -o default -F _orders_query_complete orders-query", script);
        Assert.Contains("[suggest:", script);
    }

    private static IReadOnlyList<string> Completions(params string[] args) =>
        OrdersQuery.Parse(args, TextWriter.Null, TextWriter.Null).GetCompletions().Select(item => item.Label).ToList();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OrdersQuery.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
