using System.Collections.Immutable;
using Orders.Domain;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.OrderSummary;

/// <summary>Keeps <c>order_summary</c> and <c>order_lines</c>: each order's latest state, one row and its lines.</summary>
public sealed class OrderSummaryProjection(ReadSideSql sql, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "order_summary";

    private readonly OrderSummaryTables _tables = new(sql, generation ?? ReadTables.Live);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<ReadTable> Tables => OrderSummaryTables.Declared;

    public IProjectionBatch StartBatch() => new Batch(_tables);

    /// <summary>The read tables' view of an order state.</summary>
    public static OrderSummaryView ViewOf(OrderState order) => new(
        new OrderSummaryRow(
            order.OrderId, order.CustomerId, OrderStatusNames.Of(order.Status), order.Lines.Count, order.Total, order.Currency,
            order.CreatedAt ?? throw new InvalidOperationException($"order '{order.OrderId}' has no creation time"),
            order.PaidAt, order.ShippedAt, order.DeliveredAt, order.CancelledAt, order.Version,
            order.UpdatedAt ?? order.CreatedAt.Value, order.SalesChannel, order.PaymentReference),
        order.Lines.Select(line => new OrderLineRow(order.OrderId, line.Sku, line.Quantity, line.UnitPrice, line.LineTotal))
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .ToImmutableList());

    private sealed class Batch(OrderSummaryTables tables) : IProjectionBatch
    {
        private readonly Dictionary<string, (OrderSummaryView View, bool Exists, bool LinesChanged)> _orders = [];

        public void Add(OrderChange change)
        {
            // Lines are an immutable list: an event that leaves them alone leaves the same list.
            var linesChanged = !ReferenceEquals(change.Before.Lines, change.After.Lines);
            _orders[change.Event.OrderId] = _orders.TryGetValue(change.Event.OrderId, out var known)
                ? (ViewOf(change.After), known.Exists, known.LinesChanged || linesChanged)
                : (ViewOf(change.After), change.Before.Exists, linesChanged);
        }

        public void Write(StatementBatch statements) => tables.Save(statements, _orders.Values);
    }
}
