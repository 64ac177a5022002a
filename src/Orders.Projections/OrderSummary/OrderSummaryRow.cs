namespace Orders.Projections.OrderSummary;

/// <summary>One row of <c>order_summary</c>.</summary>
/// <param name="SalesChannel">Where the order was placed; null in rows written before read schema version 2.</param>
/// <param name="PaymentReference">The payment provider's reference, once paid (if the payment named one).</param>
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
    DateTimeOffset UpdatedAt,
    string? SalesChannel,
    string? PaymentReference);
