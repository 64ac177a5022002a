using System.Collections.Immutable;
using Orders.Cluster.Database;
using Orders.Domain;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.OrderSummary;

/// <summary>Keeps <c>order_summary</c> and <c>order_lines</c>: each order's latest state, one row and its lines.</summary>
public sealed class OrderSummaryProjection(SqlDialect dialect, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "order_summary";

    private readonly OrderSummaryTables _tables = new(dialect, generation ?? ReadTables.Live);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<string> Tables => ["order_summary", "order_lines"];

    public IProjectionBatch StartBatch() => new Batch(_tables);

    /// <summary>The read tables' view of an order state.</summary>
    public static OrderSummaryView ViewOf(OrderState order) => new(
        new OrderSummaryRow(
            order.OrderId, order.CustomerId, OrderStatusNames.Of(order.Status), order.Lines.Count, order.Total, order.Currency,
            order.CreatedAt ?? throw new InvalidOperationException($"order '{order.OrderId}' has no creation time"),
            order.PaidAt, order.ShippedAt, order.DeliveredAt, order.CancelledAt, order.Version,
            order.UpdatedAt ?? order.CreatedAt.Value),
        order.Lines.Select(line => new OrderLineRow(order.OrderId, line.Sku, line.Quantity, line.UnitPrice, line.LineTotal))
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .ToImmutableList());

    private sealed class Batch(OrderSummaryTables tables) : IProjectionBatch
    {
        private readonly Dictionary<string, (bool Existed, OrderSummaryView View)> _orders = [];

        public void Add(OrderChange change)
        {
            var existed = _orders.TryGetValue(change.Event.OrderId, out var known) ? known.Existed : change.Before.Exists;
            _orders[change.Event.OrderId] = (existed, ViewOf(change.After));
        }

        public void Write(StatementBatch statements)
        {
            foreach (var (existed, view) in _orders.Values)
            {
                tables.Save(statements, view, existed);
            }
        }
    }
}
