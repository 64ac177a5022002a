using System.Text.Json;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.History;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>state &lt;orderId&gt; [--at T] [--version N]</c>: the order replayed from the journal up to that point with
/// the domain's own <see cref="OrderState.Apply"/> — what the order looked like then.
/// </summary>
public static class StateCommand
{
    public static async Task<int> RunAsync(QueryContext context, string orderId, DateTimeOffset? at, long? version, bool json, TextWriter error)
    {
        var past = await (await context.HistoryAsync()).StateAtAsync(orderId, at, version);
        if (past.State is null)
        {
            error.WriteLine(past.Missing);
            return ExitCodes.NotFound;
        }

        var options = new JsonSerializerOptions(OrderEventSerializer.JsonOptions) { WriteIndented = !json };
        context.Output.WriteLine(JsonSerializer.Serialize(past.State, options));
        return 0;
    }
}
