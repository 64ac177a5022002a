using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Protocol;

namespace Orders.Cli.Commands;

/// <summary><c>orders [--limit N]</c>: the ids of the orders in the journal.</summary>
public static class OrdersCommand
{
    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments)
    {
        arguments.Allow("limit", "json");
        var limit = arguments.Number("limit", 1) ?? 100;
        var (system, journal) = await context.JournalAsync();
        var ids = await journal.CurrentPersistenceIds()
            .Select(OrderPersistenceId.ToOrderId)
            .Where(orderId => orderId is not null)
            .Take(limit)
            .RunWith(Sink.Seq<string?>(), system.Materializer());
        if (arguments.Has("json"))
        {
            context.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(ids));
            return 0;
        }

        foreach (var orderId in ids)
        {
            context.Output.WriteLine(orderId);
        }

        return 0;
    }
}
