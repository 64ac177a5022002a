using Orders.Domain;

namespace Orders.Contracts.Serialization.Upcasting;

/// <summary>
/// <c>order-paid.v1</c> exactly as the v1 code wrote it (frozen: never edit): one <c>paymentMethod</c> string.
/// Version 2 stores a payment object with the method and the provider's reference; v1 payments have no reference.
/// </summary>
public sealed record OrderPaidV1(string OrderId, string PaymentMethod, decimal Amount, DateTimeOffset Timestamp, string? CommandId)
{
    public OrderPaid Upcast() => new(OrderId, new Payment(PaymentMethod), Amount, Timestamp, CommandId);
}
