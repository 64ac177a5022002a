using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Protocol;

namespace Orders.Cli.Commands;

/// <summary><c>orders [--limit N]</c>: the ids of the orders in the journal.</summary>
public static class OrdersCommand
{
    public static async Task<int> RunAsync(QueryContext context, long limit, bool json)
    {
        var (system, journal) = await context.JournalAsync();
        var ids = await journal.CurrentPersistenceIds()
            .Select(OrderPersistenceId.ToOrderId)
            .Where(orderId => orderId is not null)
            .Take(limit)
            .RunWith(Sink.Seq<string?>(), system.Materializer());
        if (json)
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
