using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Cluster.Actors;

namespace Orders.Cli.Commands;

/// <summary><c>orders [--limit N]</c>: the ids of the orders in the journal.</summary>
public static class OrdersCommand
{
    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments)
    {
        arguments.Allow("limit");
        var limit = arguments.Number("limit", 1) ?? 100;
        var (system, journal) = await context.JournalAsync();
        var ids = await journal.CurrentPersistenceIds()
            .Select(OrderPersistenceId.ToOrderId)
            .Where(orderId => orderId is not null)
            .Take(limit)
            .RunWith(Sink.Seq<string?>(), system.Materializer());
        foreach (var orderId in ids)
        {
            context.Output.WriteLine(orderId);
        }

        return 0;
    }
}
