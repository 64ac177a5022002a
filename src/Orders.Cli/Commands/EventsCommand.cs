using System.Globalization;
using System.Text.Json;
using Akka.Persistence.Query;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.History;

namespace Orders.Cli.Commands;

/// <summary><c>events &lt;orderId&gt;</c>: the order's events, oldest first, decoded by today's code.</summary>
public static class EventsCommand
{
    public static async Task<int> RunAsync(QueryContext context, string orderId, long from, long to, bool json, TextWriter error)
    {
        var events = await (await context.HistoryAsync()).ReadAsync(orderId, from, to);
        if (events.Count == 0)
        {
            error.WriteLine($"order '{orderId}' has no events{(from > 1 || to < long.MaxValue ? $" between {from} and {to}" : "")}");
            return ExitCodes.NotFound;
        }

        foreach (var envelope in events)
        {
            var @event = (IOrderEvent)envelope.Event;
            var manifest = EventManifests.Current[@event.GetType()];
            var payload = JsonSerializer.Serialize(@event, @event.GetType(), OrderEventSerializer.JsonOptions);
            var ordering = ((Sequence)envelope.Offset).Value;
            context.Output.WriteLine(json
                ? ExportCommand.Line(envelope)
                : $"#{envelope.SequenceNr,-4} ordering {ordering,-8} {@event.Timestamp.ToString("O", CultureInfo.InvariantCulture)}  {manifest,-22} {payload}");
        }

        return 0;
    }
}
