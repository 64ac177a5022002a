using System.Collections.Immutable;

namespace Orders.Domain;

/// <summary>
/// Everything the write side knows about one order: the fold of its events.
/// <see cref="Version"/> is the number of events applied, which is the journal's sequence number.
/// </summary>
public sealed record OrderState
{
    public static OrderState Empty { get; } = new();

    public string OrderId { get; init; } = "";

    public string CustomerId { get; init; } = "";

    public string Currency { get; init; } = "";

    /// <summary>Where the order was placed; null only before it exists.</summary>
    public string? SalesChannel { get; init; }

    public OrderStatus Status { get; init; } = OrderStatus.None;

    public ImmutableList<OrderLine> Lines { get; init; } = [];

    public long Version { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? PaidAt { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? PaymentMethod { get; init; }

    public string? PaymentReference { get; init; }

    public decimal? AmountPaid { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNumber { get; init; }

    public string? CancellationReason { get; init; }

    public decimal? RefundDue { get; init; }

    public AppliedCommands AppliedCommands { get; init; } = AppliedCommands.Empty;

    public bool Exists => Status != OrderStatus.None;

    public decimal Total => Lines.Sum(line => line.LineTotal);

    public OrderLine? FindLine(string sku) => Lines.Find(line => line.Sku == sku);

    public OrderState Apply(IOrderEvent @event)
    {
        var next = @event switch
        {
            OrderCreated e => this with
            {
                OrderId = e.OrderId,
                CustomerId = e.CustomerId,
                Currency = e.Currency,
                Status = OrderStatus.Pending,
                Lines = [.. e.Lines],
                SalesChannel = e.SalesChannel,
                CreatedAt = e.Timestamp,
            },
            OrderLineAdded e => this with { Lines = Lines.Add(new OrderLine(e.Sku, e.Quantity, e.UnitPrice)) },
            OrderLineRemoved e => this with { Lines = Lines.RemoveAll(line => line.Sku == e.Sku) },
            OrderPaid e => this with
            {
                Status = OrderStatus.Paid,
                PaymentMethod = e.Payment.Method,
                PaymentReference = e.Payment.Reference,
                AmountPaid = e.Amount,
                PaidAt = e.Timestamp,
            },
            OrderShipped e => this with
            {
                Status = OrderStatus.Shipped,
                Carrier = e.Carrier,
                TrackingNumber = e.TrackingNumber,
                ShippedAt = e.Timestamp,
            },
            OrderDelivered e => this with { Status = OrderStatus.Delivered, DeliveredAt = e.Timestamp },
            OrderCancelled e => this with
            {
                Status = OrderStatus.Cancelled,
                CancellationReason = e.Reason,
                RefundDue = e.RefundDue,
                CancelledAt = e.Timestamp,
            },
            _ => throw new ArgumentException($"Unknown order event {@event.GetType().Name}", nameof(@event)),
        };

        var version = Version + 1;
        return next with
        {
            Version = version,
            UpdatedAt = @event.Timestamp,
            AppliedCommands = @event.CommandId is { } commandId
                ? AppliedCommands.Record(commandId, version)
                : AppliedCommands,
        };
    }

    public static OrderState Replay(IEnumerable<IOrderEvent> events) =>
        events.Aggregate(Empty, (state, @event) => state.Apply(@event));
}
