namespace Orders.Gateway.Api;

/// <summary>The reply to every accepted command: the order and the version the command brought it to.</summary>
public sealed record WriteResponse(string OrderId, long Version);

public sealed record OrderLineResponse(string Sku, int Quantity, decimal UnitPrice, decimal LineTotal);

/// <summary>An order as the read tables show it (<c>order_summary</c> and <c>order_lines</c>).</summary>
/// <param name="SalesChannel">Where it was placed; null for a row the read tables have not updated since read schema version 2.</param>
/// <param name="PaymentReference">The payment provider's reference, once paid with one.</param>
public sealed record OrderResponse(
    string OrderId,
    string CustomerId,
    string Status,
    string Currency,
    int LineCount,
    decimal TotalAmount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CancelledAt,
    long Version,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineResponse> Lines,
    string? SalesChannel,
    string? PaymentReference);

public sealed record OrderListItem(
    string OrderId,
    string CustomerId,
    string Status,
    string Currency,
    int LineCount,
    decimal TotalAmount,
    DateTimeOffset CreatedAt,
    long Version,
    DateTimeOffset UpdatedAt,
    string? SalesChannel);

/// <param name="Next">Pass as <c>after</c> to get the next page; null on the last page.</param>
public sealed record OrderPage(IReadOnlyList<OrderListItem> Items, string? Next);

/// <summary>A page of an order's events from the journal, oldest first; <paramref name="Next"/> is the next page's <c>from</c>.</summary>
public sealed record OrderEventsPage(string OrderId, IReadOnlyList<OrderEventItem> Events, long? Next);

/// <summary>One stored event: its sequence number, when it happened, its stable type name and its payload as today's code reads it.</summary>
public sealed record OrderEventItem(long SequenceNr, DateTimeOffset Timestamp, string Type, System.Text.Json.JsonElement Payload);
