using System.Globalization;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.Projections.History;

/// <summary>
/// An order's history read from the journal by today's code (older event versions upcast), and time travel:
/// the state replayed by the domain's own <see cref="OrderState.Apply"/> up to a time or a version.
/// Shared by the HTTP history endpoints and the <c>orders-query</c> CLI, so both answer alike.
/// </summary>
public static class OrderHistory
{
    public const string TimeExample = "an ISO-8601 time such as 2026-11-27T14:02:00Z";

    /// <summary>The order's events with sequence numbers from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<EventEnvelope>> ReadAsync(ActorSystem system, string orderId, long from = 1, long to = long.MaxValue)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await journal.CurrentEventsByPersistenceId(OrderPersistenceId.For(orderId), from, to)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
    }

    /// <summary>
    /// The customer an order belongs to, from its first event (an order is created with its customer, which never
    /// changes, and no event is ever deleted), or null when the order has no events. Read from the journal, so it
    /// needs no order actor and never lags.
    /// </summary>
    public static async Task<string?> OwnerAsync(ActorSystem system, string orderId)
    {
        var first = await ReadAsync(system, orderId, 1, 1);
        return first.Count == 0
            ? null
            : first[0].Event is OrderCreated created
                ? created.CustomerId
                : throw new InvalidOperationException(
                    $"order '{orderId}' starts with {first[0].Event.GetType().Name}, not {nameof(OrderCreated)}");
    }

    /// <summary>Reads a time given by a user; without an offset it is UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);

    /// <summary>
    /// The order as it was after its last event at or before <paramref name="at"/> and no later than
    /// <paramref name="version"/> (either may be absent: then it is not a bound).
    /// </summary>
    public static async Task<PastState> StateAtAsync(ActorSystem system, string orderId, DateTimeOffset? at, long? version)
    {
        var events = (await ReadAsync(system, orderId, 1, version ?? long.MaxValue)).Select(e => (IOrderEvent)e.Event).ToList();
        if (events.Count == 0)
        {
            return new PastState(null, $"order '{orderId}' has no events", Exists: false);
        }

        var applicable = events.TakeWhile(e => at is null || e.Timestamp <= at).ToList();
        if (applicable.Count == 0)
        {
            return new PastState(null, $"order '{orderId}' did not exist yet at {at:O}; it was created at {events[0].Timestamp:O}");
        }

        if (version is { } wanted && applicable.Count < wanted)
        {
            return new PastState(null, at is null || applicable.Count < events.Count
                ? $"order '{orderId}' had {applicable.Count} events{(at is null ? "" : $" at {at:O}")}; there is no version {wanted}{(at is null ? "" : " by then")}"
                : $"order '{orderId}' has {applicable.Count} events; there is no version {wanted}");
        }

        // Recent command ids matter to the write side only.
        return new PastState(OrderState.Replay(applicable) with { AppliedCommands = AppliedCommands.Empty }, null);
    }
}

/// <summary>An order's state at a point of its history, or why there is none (<see cref="Missing"/>).</summary>
/// <param name="Exists">False when the order has no events at all.</param>
public sealed record PastState(OrderState? State, string? Missing, bool Exists = true);
