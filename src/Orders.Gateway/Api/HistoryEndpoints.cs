using System.Text.Json;
using Akka.Actor;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Gateway.Security;
using Orders.Projections.History;

namespace Orders.Gateway.Api;

/// <summary>An order's history from the journal: its events, and its state at any time or version (time travel).</summary>
public static class HistoryEndpoints
{
    public const int MaxEventsPerPage = 1000;

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("History").RequireAuthorization(OrdersScopes.Read);
        orders.MapGet("/{orderId}/events", Events).WithName("GetOrderEvents").Answers<OrderEventsPage>(400, 404);
        orders.MapGet("/{orderId}/state", State).WithName("GetOrderState").Answers<JsonElement>(400, 404);
        return app;
    }

    /// <summary>The order's events by sequence number, <paramref name="from"/> on, at most <paramref name="limit"/>.</summary>
    private static async Task<IResult> Events(
        string orderId, long? from, int? limit, OrderHistory history, HttpContext http, OrderAccess access, CancellationToken ct)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Problems.BadRequest("not a valid order id");
        }

        if (from is < 1 || limit is < 1)
        {
            return Problems.BadRequest("from and limit must be at least 1", orderId);
        }

        if (await access.RefuseAsync(http, orderId) is { } refused)
        {
            return refused;
        }

        var size = Math.Min(limit ?? 100, MaxEventsPerPage);
        var start = from ?? 1;
        var events = await history.ReadAsync(orderId, start, start > long.MaxValue - size ? long.MaxValue : start + size - 1, ct);
        // An order with no events answers as any missing order (and as another customer's): the same 404, whatever
        // page is asked for, so that a scoped caller cannot tell the two apart.
        if (events.Count == 0 && (start == 1 || await history.OwnerAsync(orderId, ct) is null))
        {
            return OrderAccess.Hidden(orderId);
        }

        return TypedResults.Ok(new OrderEventsPage(
            orderId,
            events.Select(e => new OrderEventItem(
                e.SequenceNr,
                ((IOrderEvent)e.Event).Timestamp,
                EventManifests.Current[e.Event.GetType()],
                JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), OrderEventSerializer.JsonOptions))).ToList(),
            events.Count == size ? events[^1].SequenceNr + 1 : null));
    }

    /// <summary>The order replayed by the domain's own Apply up to a time or a version; without either, as it is now.</summary>
    private static async Task<IResult> State(
        string orderId, string? at, long? version, OrderHistory history, HttpContext http, OrderAccess access, CancellationToken ct)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Problems.BadRequest("not a valid order id");
        }

        DateTimeOffset? until = null;
        if (at is not null)
        {
            if (!OrderHistory.TryParseTime(at, out var parsed))
            {
                return Problems.BadRequest($"at must be {OrderHistory.TimeExample}, not '{at}'", orderId);
            }

            until = parsed;
        }

        if (version is < 1)
        {
            return Problems.BadRequest("version must be at least 1", orderId);
        }

        if (await access.RefuseAsync(http, orderId) is { } refused)
        {
            return refused;
        }

        var past = await history.StateAtAsync(orderId, until, version, ct);
        if (!past.Exists)
        {
            return OrderAccess.Hidden(orderId);
        }

        return past.State is null
            ? Problems.NotFound(past.Missing!, orderId)
            : TypedResults.Ok(JsonSerializer.SerializeToElement(past.State, OrderEventSerializer.JsonOptions));
    }
}
