using Orders.Domain;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.Projections.Storage;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.CustomerOrders;

/// <summary>
/// Keeps <c>customer_orders</c>: per customer, orders placed, orders still open, money spent, last order time.
/// A customer's orders fall into different slices, so each batch adds its totals with atomic multi-row upserts,
/// in key order (no deadlock between slices).
/// </summary>
public sealed class CustomerOrdersProjection(ReadSideSql sql, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "customer_orders";

    /// <summary>Rows are added to, never replaced: each column says how an addition combines with the stored row.</summary>
    public static readonly ReadTable Table = new("customer_orders",
    [
        new("customer_id", ColumnType.Text(64)),
        new("order_count", ColumnType.Int32, Merge: Merge.Sum),
        new("open_count", ColumnType.Int32, Merge: Merge.Sum),
        new("total_spent", ColumnType.Money, Merge: Merge.Sum),
        new("last_order_at", ColumnType.Timestamp, Nullable: true, Merge: Merge.Latest),
    ], ["customer_id"]);

    private readonly ReadTable _table = Table.In(generation ?? ReadTables.Live);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<ReadTable> Tables => [Table];

    public IProjectionBatch StartBatch() => new Batch(sql, _table);

    private sealed class Batch(ReadSideSql sql, ReadTable table) : IProjectionBatch
    {
        private readonly SortedDictionary<string, CustomerOrdersRow> _deltas = new(StringComparer.Ordinal);

        public void Add(OrderChange change)
        {
            var delta = change.Event switch
            {
                OrderCreated e => new CustomerOrdersRow(e.CustomerId, 1, 1, 0m, e.Timestamp),
                OrderPaid e => new CustomerOrdersRow(change.After.CustomerId, 0, 0, e.Amount, null),
                OrderDelivered => new CustomerOrdersRow(change.After.CustomerId, 0, -1, 0m, null),
                OrderCancelled e => new CustomerOrdersRow(change.After.CustomerId, 0, -1, -e.RefundDue, null),
                _ => null,
            };
            if (delta is null)
            {
                return;
            }

            _deltas[delta.CustomerId] = _deltas.TryGetValue(delta.CustomerId, out var sum)
                ? new CustomerOrdersRow(sum.CustomerId, sum.OrderCount + delta.OrderCount, sum.OpenCount + delta.OpenCount,
                    sum.TotalSpent + delta.TotalSpent, Later(sum.LastOrderAt, delta.LastOrderAt))
                : delta;
        }

        public void Write(StatementBatch statements) =>
            statements.AddRows(table, _deltas.Values.Select(delta => new object?[]
            {
                delta.CustomerId, delta.OrderCount, delta.OpenCount, delta.TotalSpent, delta.LastOrderAt?.ToUniversalTime(),
            }).ToList(), rows => sql.AddTo(table, rows));

        private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
    }
}
