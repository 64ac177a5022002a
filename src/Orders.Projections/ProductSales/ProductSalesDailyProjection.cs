using Orders.Domain;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.ProductSales;

/// <summary>
/// Keeps <c>product_sales_daily</c>: a sale counts on the day (UTC) its order is paid; cancelling a paid order
/// takes its lines back off that same day. Totals are added atomically, in key order.
/// </summary>
public sealed class ProductSalesDailyProjection(ReadSideSql sql, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "product_sales_daily";

    /// <summary>Rows are added to, never replaced.</summary>
    public static readonly ReadTable Table = new("product_sales_daily",
    [
        new("day", ColumnType.Date),
        new("sku", ColumnType.Text(64)),
        new("quantity_sold", ColumnType.Int64, Merge: Merge.Sum),
        new("revenue", ColumnType.Money, Merge: Merge.Sum),
    ], ["day", "sku"]);

    private readonly ReadTable _table = Table.In(generation ?? ReadTables.Live);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<ReadTable> Tables => [Table];

    public IProjectionBatch StartBatch() => new Batch(sql, _table);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private sealed class Batch(ReadSideSql sql, ReadTable table) : IProjectionBatch
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

        public void Write(StatementBatch statements) =>
            statements.AddRows(table, _deltas.Select(delta => new object?[]
            {
                delta.Key.Day, delta.Key.Sku, delta.Value.Quantity, delta.Value.Revenue,
            }).ToList(), rows => sql.AddTo(table, rows));

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
