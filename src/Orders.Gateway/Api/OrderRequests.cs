namespace Orders.Gateway.Api;

// Request bodies. Every member is nullable so that a missing field reaches validation and is reported by
// name, rather than silently becoming a default value.

public sealed record OrderLineRequest(string? Sku, int? Quantity, decimal? UnitPrice);

/// <param name="SalesChannel">web (the default), mobile, store, marketplace or phone.</param>
public sealed record CreateOrderRequest(
    string? OrderId, string? CustomerId, string? Currency, List<OrderLineRequest?>? Lines, string? SalesChannel = null);

/// <param name="PaymentReference">The payment provider's reference (a charge or transfer id), optional.</param>
public sealed record PayOrderRequest(string? PaymentMethod, decimal? Amount, string? PaymentReference = null);

public sealed record ShipOrderRequest(string? Carrier, string? TrackingNumber);

public sealed record CancelOrderRequest(string? Reason);
