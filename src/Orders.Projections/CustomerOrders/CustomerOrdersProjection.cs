using Orders.Cluster.Database;
using Orders.Domain;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.CustomerOrders;

/// <summary>
/// Keeps <c>customer_orders</c>: per customer, orders placed, orders still open, money spent, last order time.
/// A customer's orders fall into different slices, so each batch adds its totals with one atomic statement per
/// customer, in key order (no deadlock between slices).
/// </summary>
public sealed class CustomerOrdersProjection(SqlDialect dialect, ReadTables? generation = null) : IProjection
{
    public const string ProjectionName = "customer_orders";

    private readonly string _add = (generation ?? ReadTables.Live).Rewrite(dialect.AddCustomerOrders);

    public string Name => ProjectionName + (generation ?? ReadTables.Live).Suffix;

    public IReadOnlyList<string> Tables => ["customer_orders"];

    public IProjectionBatch StartBatch() => new Batch(_add);

    private sealed class Batch(string add) : IProjectionBatch
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

        public void Write(StatementBatch statements)
        {
            foreach (var delta in _deltas.Values)
            {
                statements.Add(add,
                    ("@customer_id", delta.CustomerId), ("@order_count", delta.OrderCount), ("@open_count", delta.OpenCount),
                    ("@total_spent", delta.TotalSpent), ("@last_order_at", delta.LastOrderAt?.ToUniversalTime()));
            }
        }

        private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
    }
}
