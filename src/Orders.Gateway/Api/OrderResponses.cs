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
