using Orders.Projections.Schema;
using Orders.Projections.Storage;

namespace Orders.Projections.OrderSummary;

/// <summary>Queries over <c>order_summary</c> and <c>order_lines</c> for the API and the tools.</summary>
public sealed class OrderSummaryReader(ReadModelStore store)
{
    private readonly OrderSummaryTables _tables = new(store.Sql, ReadTables.Live);

    public async Task<OrderSummaryView?> FindAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await _tables.LoadAsync(connection, null, orderId, cancellationToken);
    }

    /// <summary>The order's <c>order_summary</c> row without its lines (one statement), or null.</summary>
    public async Task<OrderSummaryRow?> FindSummaryAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await _tables.LoadSummaryAsync(connection, null, orderId, cancellationToken);
    }

    /// <summary>Orders in order-id order after <paramref name="after"/> (keyset paging), optionally filtered.</summary>
    public async Task<IReadOnlyList<OrderSummaryRow>> PageAsync(
        string after, int limit, string? customerId, string? status, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await _tables.PageAsync(connection, after, limit, customerId, status, cancellationToken);
    }

    /// <summary>A customer's orders newest first (keyset paging: <paramref name="before"/> is the last order of the previous page).</summary>
    public async Task<IReadOnlyList<OrderSummaryRow>> CustomerPageAsync(
        string customerId, string? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await _tables.CustomerPageAsync(connection, customerId, before, limit, cancellationToken);
    }
}
