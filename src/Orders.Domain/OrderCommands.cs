namespace Orders.Domain;

/// <summary>A request to change one order. Implemented by every command; routes it to its order.</summary>
public interface IOrderCommand
{
    string OrderId { get; }

    CommandMetadata Metadata { get; }
}

/// <param name="SalesChannel">Where the order is placed; null means <see cref="SalesChannels.Default"/>.</param>
public sealed record CreateOrder(
    string OrderId, string CustomerId, string Currency, IReadOnlyList<OrderLine> Lines, CommandMetadata Metadata,
    string? SalesChannel = null)
    : IOrderCommand;

public sealed record AddOrderLine(string OrderId, string Sku, int Quantity, decimal UnitPrice, CommandMetadata Metadata)
    : IOrderCommand;

public sealed record RemoveOrderLine(string OrderId, string Sku, CommandMetadata Metadata) : IOrderCommand;

/// <param name="PaymentReference">The payment provider's reference (a charge or transfer id), if there is one.</param>
public sealed record PayOrder(
    string OrderId, string PaymentMethod, decimal Amount, CommandMetadata Metadata, string? PaymentReference = null)
    : IOrderCommand;

public sealed record ShipOrder(string OrderId, string Carrier, string TrackingNumber, CommandMetadata Metadata)
    : IOrderCommand;

public sealed record DeliverOrder(string OrderId, CommandMetadata Metadata) : IOrderCommand;

public sealed record CancelOrder(string OrderId, string Reason, CommandMetadata Metadata) : IOrderCommand;
