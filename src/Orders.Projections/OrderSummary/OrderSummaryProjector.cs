using System.Collections.Immutable;
using Orders.Domain;

namespace Orders.Projections.OrderSummary;

/// <summary>Folds one order's events into its <see cref="OrderSummaryView"/>. Pure: the runner does the I/O.</summary>
public static class OrderSummaryProjector
{
    public static OrderSummaryView Apply(OrderSummaryView? view, IOrderEvent @event, long version)
    {
        if (@event is OrderCreated created)
        {
            var lines = created.Lines
                .Select(line => new OrderLineRow(created.OrderId, line.Sku, line.Quantity, line.UnitPrice, line.LineTotal))
                .ToImmutableList();
            var summary = new OrderSummaryRow(created.OrderId, created.CustomerId, StatusName(OrderStatus.Pending), 0, 0m,
                created.Currency, created.Timestamp, null, null, null, null, version, created.Timestamp);
            return WithTotals(new OrderSummaryView(summary, lines), version, created.Timestamp);
        }

        if (view is null)
        {
            throw new InvalidOperationException(
                $"order '{@event.OrderId}' has no summary row to apply {@event.GetType().Name} (version {version}) to");
        }

        var row = view.Summary;
        var next = @event switch
        {
            OrderLineAdded e => view with
            {
                Lines = view.Lines.Add(new OrderLineRow(e.OrderId, e.Sku, e.Quantity, e.UnitPrice, e.Quantity * e.UnitPrice)),
            },
            OrderLineRemoved e => view with { Lines = view.Lines.RemoveAll(line => line.Sku == e.Sku) },
            OrderPaid e => view with { Summary = row with { Status = StatusName(OrderStatus.Paid), PaidAt = e.Timestamp } },
            OrderShipped e => view with { Summary = row with { Status = StatusName(OrderStatus.Shipped), ShippedAt = e.Timestamp } },
            OrderDelivered e => view with
            {
                Summary = row with { Status = StatusName(OrderStatus.Delivered), DeliveredAt = e.Timestamp },
            },
            OrderCancelled e => view with
            {
                Summary = row with { Status = StatusName(OrderStatus.Cancelled), CancelledAt = e.Timestamp },
            },
            _ => throw new ArgumentException($"Unknown order event {@event.GetType().Name}", nameof(@event)),
        };
        return WithTotals(next, version, @event.Timestamp);
    }

    /// <summary>The status as stored in <c>order_summary.status</c> and shown by the API: lower case.</summary>
    public static string StatusName(OrderStatus status) => status.ToString().ToLowerInvariant();

    private static OrderSummaryView WithTotals(OrderSummaryView view, long version, DateTimeOffset at) => view with
    {
        Summary = view.Summary with
        {
            LineCount = view.Lines.Count,
            TotalAmount = view.Lines.Sum(line => line.LineTotal),
            Version = version,
            UpdatedAt = at,
        },
    };
}
