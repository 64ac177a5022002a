namespace Orders.Projections.OrderSummary;

/// <summary>One row of <c>order_summary</c>.</summary>
public sealed record OrderSummaryRow(
    string OrderId,
    string CustomerId,
    string Status,
    int LineCount,
    decimal TotalAmount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CancelledAt,
    long Version,
    DateTimeOffset UpdatedAt);
