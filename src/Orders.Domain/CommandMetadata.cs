namespace Orders.Domain;

/// <summary>
/// What every command carries besides its payload. The caller (the gateway) stamps the time and ids,
/// so that deciding stays a pure function.
/// </summary>
/// <param name="Timestamp">When the command was received; becomes the events' timestamp.</param>
/// <param name="CommandId">Optional idempotency key: a repeat of an applied id persists nothing.</param>
/// <param name="ExpectedVersion">Optional optimistic-concurrency check against the order's version.</param>
public sealed record CommandMetadata(DateTimeOffset Timestamp, string? CommandId = null, long? ExpectedVersion = null);
