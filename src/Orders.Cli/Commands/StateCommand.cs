using System.Globalization;
using System.Text.Json;
using Orders.Cluster.Serialization;
using Orders.Domain;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>state &lt;orderId&gt; [--at T] [--version N]</c>: the order replayed from the journal up to that point with
/// the domain's own <see cref="OrderState.Apply"/> — what the order looked like then.
/// </summary>
public static class StateCommand
{
    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments, TextWriter error)
    {
        arguments.Allow("at", "version", "json");
        var orderId = EventsCommand.OrderIdArgument(arguments, "state");
        var version = arguments.Number("version", 1);
        DateTimeOffset? at = arguments.Option("at") is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new UsageException($"--at must be an ISO-8601 time such as 2026-11-27T14:02:00Z, not '{text}'")
            : null;

        var events = (await EventsCommand.ReadAsync(context, orderId, 1, version ?? long.MaxValue))
            .Select(envelope => (IOrderEvent)envelope.Event)
            .TakeWhile(@event => at is null || @event.Timestamp <= at)
            .ToList();
        if (events.Count == 0)
        {
            error.WriteLine(at is null ? $"order '{orderId}' has no events" : $"order '{orderId}' did not exist at {at:O}");
            return ExitCodes.NotFound;
        }

        var state = OrderState.Replay(events);
        if (version is { } wanted && state.Version < wanted)
        {
            error.WriteLine($"order '{orderId}' has only {state.Version} events; there is no version {wanted}");
            return ExitCodes.NotFound;
        }

        var options = new JsonSerializerOptions(OrderEventSerializer.JsonOptions) { WriteIndented = !arguments.Has("json") };
        context.Output.WriteLine(JsonSerializer.Serialize(state with { AppliedCommands = AppliedCommands.Empty }, options));
        return 0;
    }
}
