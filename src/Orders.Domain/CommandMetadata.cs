namespace Orders.Domain;

/// <summary>
/// What every command carries besides its payload. The caller (the gateway) stamps the time and ids,
/// so that deciding stays a pure function.
/// </summary>
/// <param name="Timestamp">When the command was received; becomes the events' timestamp.</param>
/// <param name="CommandId">Optional idempotency key: a repeat of an applied id persists nothing.</param>
/// <param name="ExpectedVersion">Optional optimistic-concurrency check against the order's version.</param>
/// <param name="TraceParent">The caller's W3C trace context, so that the order's work joins the request's trace. Never stored.</param>
/// <param name="ActingCustomer">
/// The customer a customer-scoped caller is limited to, or null. The order itself refuses another customer's order
/// exactly as it refuses one that does not exist (<see cref="OrderOwnership"/>). Never stored.
/// </param>
public sealed record CommandMetadata(
    DateTimeOffset Timestamp, string? CommandId = null, long? ExpectedVersion = null, string? TraceParent = null, string? ActingCustomer = null);
