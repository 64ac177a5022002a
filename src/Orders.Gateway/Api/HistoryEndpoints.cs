using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Cluster.Actors;
using Orders.Cluster.Serialization;
using Orders.Domain;

namespace Orders.Gateway.Api;

/// <summary>An order's history from the journal: its events, and its state at any time or version (time travel).</summary>
public static class HistoryEndpoints
{
    public const int MaxEventsPerPage = 1000;

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("History");
        orders.MapGet("/{orderId}/events", Events).WithName("GetOrderEvents");
        orders.MapGet("/{orderId}/state", State).WithName("GetOrderState");
        return app;
    }

    /// <summary>The order's events by sequence number, <paramref name="from"/> on, at most <paramref name="limit"/>.</summary>
    private static async Task<IResult> Events(string orderId, long? from, int? limit, ActorSystem system)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Problems.BadRequest("not a valid order id");
        }

        if (from is < 1 || limit is < 1)
        {
            return Problems.BadRequest("from and limit must be at least 1", orderId);
        }

        var size = Math.Min(limit ?? 100, MaxEventsPerPage);
        var events = await ReadAsync(system, orderId, from ?? 1, size);
        if (events.Count == 0 && (from ?? 1) == 1)
        {
            return Problems.NotFound($"order '{orderId}' has no events", orderId);
        }

        return TypedResults.Ok(new
        {
            orderId,
            events = events.Select(e => new
            {
                sequenceNr = e.SequenceNr,
                timestamp = ((IOrderEvent)e.Event).Timestamp,
                type = EventManifests.Current[e.Event.GetType()],
                payload = JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), OrderEventSerializer.JsonOptions),
            }),
            next = events.Count == size ? events[^1].SequenceNr + 1 : (long?)null,
        });
    }

    /// <summary>The order replayed by the domain's own Apply up to a time or a version; without either, as it is now.</summary>
    private static async Task<IResult> State(string orderId, string? at, long? version, ActorSystem system)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Problems.BadRequest("not a valid order id");
        }

        DateTimeOffset? until = null;
        if (at is not null)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.BadRequest($"at must be an ISO-8601 time such as 2026-11-27T14:02:00Z, not '{at}'", orderId);
            }

            until = parsed;
        }

        if (version is < 1)
        {
            return Problems.BadRequest("version must be at least 1", orderId);
        }

        var events = (await ReadAsync(system, orderId, 1, version ?? long.MaxValue))
            .Select(e => (IOrderEvent)e.Event)
            .ToList();
        if (events.Count == 0)
        {
            return Problems.NotFound($"order '{orderId}' has no events", orderId);
        }

        var applicable = events.TakeWhile(e => until is null || e.Timestamp <= until).ToList();
        if (applicable.Count == 0)
        {
            return Problems.NotFound($"order '{orderId}' did not exist yet at {until:O}; it was created at {events[0].Timestamp:O}", orderId);
        }

        if (version is { } wanted && applicable.Count < wanted)
        {
            return Problems.NotFound($"order '{orderId}' has {applicable.Count} events; there is no version {wanted}", orderId);
        }

        var state = OrderState.Replay(applicable);
        return TypedResults.Ok(JsonSerializer.SerializeToElement(state with { AppliedCommands = AppliedCommands.Empty }, OrderEventSerializer.JsonOptions));
    }

    private static async Task<IReadOnlyList<EventEnvelope>> ReadAsync(ActorSystem system, string orderId, long from, long count)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var to = count == long.MaxValue ? long.MaxValue : from + count - 1;
        return await journal.CurrentEventsByPersistenceId(OrderPersistenceId.For(orderId), from, to)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
    }
}
