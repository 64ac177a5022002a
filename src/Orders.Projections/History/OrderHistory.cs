using System.Globalization;
using Akka.Actor;
using Akka.Persistence.Query;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Projections.History;

/// <summary>
/// An order's history read from the journal by today's code (older event versions upcast), and time travel:
/// the state replayed by the domain's own <see cref="OrderState.Apply"/> up to a time or a version.
/// Shared by the HTTP history endpoints and the <c>orders-query</c> CLI, so both answer alike.
/// <para>
/// It reads the journal's table with one plain statement and deserializes each event as the read journal would
/// (<paramref name="system"/>'s serialization), rather than through the read journal's query by persistence id: making
/// the read journal starts its sequence actor, which then polls the journal every few milliseconds for as long as the
/// process runs, for a question that needs none of it.
/// </para>
/// </summary>
public sealed class OrderHistory(ActorSystem system, JournalTables journal)
{
    public const string TimeExample = "an ISO-8601 time such as 2026-11-27T14:02:00Z";

    private readonly Func<byte[], int, string, object> _deserialize =
        (payload, serializerId, manifest) => system.Serialization.Deserialize(payload, serializerId, manifest);

    /// <summary>The order's events with sequence numbers from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> ReadAsync(
        string orderId, long from = 1, long to = long.MaxValue, CancellationToken cancellationToken = default) =>
        (await journal.EventsOfAsync(OrderPersistenceId.For(orderId), from, to, cancellationToken))
            .Select(stored => stored.ToEnvelope(_deserialize)).ToList();

    /// <summary>
    /// As <see cref="ReadAsync"/>, each event with the manifest it is stored under: an event written by an older
    /// version of the service reads as today's type through its upcaster, and its stored manifest says so. An event
    /// that cannot be read (the poison event a projection stopped on) is listed with the reason instead of failing
    /// the whole history, so that an operator can see it.
    /// </summary>
    public async Task<IReadOnlyList<JournalEvent>> ReadStoredAsync(
        string orderId, long from = 1, long to = long.MaxValue, CancellationToken cancellationToken = default) =>
        (await journal.EventsOfAsync(OrderPersistenceId.For(orderId), from, to, cancellationToken)).Select(Read).ToList();

    private JournalEvent Read(StoredEvent stored)
    {
        try
        {
            return new JournalEvent(stored.SequenceNr, stored.Manifest, stored.ToEnvelope(_deserialize), null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new JournalEvent(stored.SequenceNr, stored.Manifest, null, $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>
    /// The customer an order belongs to, from its first event (an order is created with its customer, which never
    /// changes, and no event is ever deleted), or null when the order has no events. Read from the journal, so it
    /// needs no order actor and never lags.
    /// </summary>
    public async Task<string?> OwnerAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var first = await ReadAsync(orderId, 1, 1, cancellationToken);
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
    public async Task<PastState> StateAtAsync(string orderId, DateTimeOffset? at, long? version, CancellationToken cancellationToken = default) =>
        StateAt(orderId, (await ReadAsync(orderId, 1, version ?? long.MaxValue, cancellationToken)).Select(e => (IOrderEvent)e.Event).ToList(), at, version);

    /// <summary>As <see cref="StateAtAsync"/>, over the order's events already read (from its first, in order).</summary>
    public static PastState StateAt(string orderId, IReadOnlyList<IOrderEvent> history, DateTimeOffset? at, long? version)
    {
        var events = version is { } bound && bound < history.Count ? history.Take((int)bound).ToList() : history;
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

/// <summary>An event as read from the journal and the manifest it is stored under; or why it cannot be read.</summary>
/// <param name="Envelope">The event as today's code reads it; null when it cannot be read.</param>
/// <param name="Unreadable">Why it cannot be read (unknown manifest, malformed payload), or null.</param>
public sealed record JournalEvent(long SequenceNr, string StoredManifest, EventEnvelope? Envelope, string? Unreadable)
{
    /// <summary>The manifest today's code writes for the event's type (null for an unreadable event).</summary>
    public string? CurrentManifest => Envelope is null ? null : EventManifests.Current[Envelope.Event.GetType()];

    /// <summary>Stored by an older version of the service and read through an upcaster.</summary>
    public bool Upcast => Envelope is not null && StoredManifest != CurrentManifest;
}

/// <summary>An order's state at a point of its history, or why there is none (<see cref="Missing"/>).</summary>
/// <param name="Exists">False when the order has no events at all.</param>
public sealed record PastState(OrderState? State, string? Missing, bool Exists = true);
