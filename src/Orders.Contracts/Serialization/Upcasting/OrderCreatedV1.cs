using Orders.Domain;

namespace Orders.Contracts.Serialization.Upcasting;

/// <summary>
/// <c>order-created.v1</c> exactly as the v1 code wrote it (frozen: never edit). Version 2 added the sales channel,
/// required from then on; every v1 order came through the web shop, so that is what the upcaster fills in.
/// </summary>
public sealed record OrderCreatedV1(
    string OrderId, string CustomerId, string Currency, IReadOnlyList<OrderLineV1> Lines,
    DateTimeOffset Timestamp, string? CommandId)
{
    public OrderCreated Upcast() => new(
        OrderId, CustomerId, Currency, [.. Lines.Select(line => new OrderLine(line.Sku, line.Quantity, line.UnitPrice))],
        Timestamp, CommandId, SalesChannels.Default);
}

/// <summary>A line inside a v1 payload (frozen, like the payload).</summary>
public sealed record OrderLineV1(string Sku, int Quantity, decimal UnitPrice);
