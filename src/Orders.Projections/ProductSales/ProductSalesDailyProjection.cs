using Orders.Cluster.Database;
using Orders.Domain;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.ProductSales;

/// <summary>
/// Keeps <c>product_sales_daily</c>: a sale counts on the day (UTC) its order is paid; cancelling a paid order
/// takes its lines back off that same day. Totals are added atomically, in key order.
/// </summary>
public sealed class ProductSalesDailyProjection(SqlDialect dialect, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "product_sales_daily";

    private readonly string _add = (generation ?? ReadTables.Live).Rewrite(dialect.AddProductSales);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<string> Tables => ["product_sales_daily"];

    public IProjectionBatch StartBatch() => new Batch(_add);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private sealed class Batch(string add) : IProjectionBatch
    {
        private readonly SortedDictionary<(DateOnly Day, string Sku), (long Quantity, decimal Revenue)> _deltas = new();

        public void Add(OrderChange change)
        {
            switch (change.Event)
            {
                case OrderPaid paid:
                    AddLines(change.After.Lines, DayOf(paid.Timestamp), sign: 1);
                    break;
                case OrderCancelled when change.Before is { Status: OrderStatus.Paid, PaidAt: { } paidAt }:
                    AddLines(change.Before.Lines, DayOf(paidAt), sign: -1);
                    break;
            }
        }

        public void Write(StatementBatch statements)
        {
            foreach (var ((day, sku), (quantity, revenue)) in _deltas)
            {
                statements.Add(add, ("@day", day), ("@sku", sku), ("@quantity_sold", quantity), ("@revenue", revenue));
            }
        }

        private void AddLines(IEnumerable<OrderLine> lines, DateOnly day, int sign)
        {
            foreach (var line in lines)
            {
                var key = (day, line.Sku);
                var (quantity, revenue) = _deltas.GetValueOrDefault(key);
                _deltas[key] = (quantity + sign * line.Quantity, revenue + sign * line.LineTotal);
            }
        }
    }
}
