namespace Orders.Domain;

/// <summary>
/// A fact about one order, stored forever in the journal. <see cref="CommandId"/> is the idempotency key
/// of the command that caused it, so that a recovered order still recognises a retried command.
/// </summary>
public interface IOrderEvent
{
    string OrderId { get; }

    DateTimeOffset Timestamp { get; }

    string? CommandId { get; }
}

/// <param name="SalesChannel">Where the order was placed (one of <see cref="SalesChannels"/>); since version 2.</param>
public sealed record OrderCreated(
    string OrderId, string CustomerId, string Currency, IReadOnlyList<OrderLine> Lines,
    DateTimeOffset Timestamp, string? CommandId = null, string SalesChannel = SalesChannels.Default) : IOrderEvent;

public sealed record OrderLineAdded(
    string OrderId, string Sku, int Quantity, decimal UnitPrice,
    DateTimeOffset Timestamp, string? CommandId = null) : IOrderEvent;

public sealed record OrderLineRemoved(string OrderId, string Sku, DateTimeOffset Timestamp, string? CommandId = null)
    : IOrderEvent;

/// <param name="Payment">The method and the provider's reference; version 1 stored only a method string.</param>
public sealed record OrderPaid(
    string OrderId, Payment Payment, decimal Amount,
    DateTimeOffset Timestamp, string? CommandId = null) : IOrderEvent;

public sealed record OrderShipped(
    string OrderId, string Carrier, string TrackingNumber,
    DateTimeOffset Timestamp, string? CommandId = null) : IOrderEvent;

public sealed record OrderDelivered(string OrderId, DateTimeOffset Timestamp, string? CommandId = null) : IOrderEvent;

/// <param name="RefundDue">What the customer must get back: the amount paid, or zero for an unpaid order.</param>
public sealed record OrderCancelled(
    string OrderId, string Reason, decimal RefundDue,
    DateTimeOffset Timestamp, string? CommandId = null) : IOrderEvent;
