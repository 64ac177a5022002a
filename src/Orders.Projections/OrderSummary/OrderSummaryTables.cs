using System.Collections.Immutable;
using System.Data.Common;
using Orders.Cluster.Database;
using Orders.Projections.Rebuild;
using Orders.Projections.Storage;

namespace Orders.Projections.OrderSummary;

/// <summary>Reads and writes <c>order_summary</c> and <c>order_lines</c> for one order at a time.</summary>
public sealed class OrderSummaryTables(SqlDialect dialect, ReadTables generation)
{
    private readonly string _selectSummary = generation.Rewrite(dialect.SelectOrderSummary);
    private readonly string _selectLines = generation.Rewrite(dialect.SelectOrderLines);
    private readonly string _insertSummary = generation.Rewrite(dialect.InsertOrderSummary);
    private readonly string _updateSummary = generation.Rewrite(dialect.UpdateOrderSummary);
    private readonly string _deleteLines = generation.Rewrite(dialect.DeleteOrderLines);
    private readonly string _insertLine = generation.Rewrite(dialect.InsertOrderLine);

    public async Task<OrderSummaryView?> LoadAsync(
        DbConnection connection, DbTransaction? transaction, string orderId, CancellationToken cancellationToken)
    {
        OrderSummaryRow summary;
        await using (var command = connection.CreateCommand(transaction, _selectSummary, ("@order_id", orderId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            summary = ReadSummary(reader);
        }

        var lines = ImmutableList.CreateBuilder<OrderLineRow>();
        await using (var command = connection.CreateCommand(transaction, _selectLines, ("@order_id", orderId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new OrderLineRow(
                    reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetMoney(3), reader.GetMoney(4)));
            }
        }

        return new OrderSummaryView(summary, lines.ToImmutable());
    }

    public async Task<IReadOnlyList<OrderSummaryRow>> PageAsync(
        DbConnection connection, string after, int limit, string? customerId, string? status, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)> { ("@after", after), ("@limit", limit) };
        if (customerId is not null)
        {
            parameters.Add(("@customer_id", customerId));
        }

        if (status is not null)
        {
            parameters.Add(("@status", status));
        }

        var rows = new List<OrderSummaryRow>();
        await using var command = connection.CreateCommand(
            null, dialect.SelectOrdersPage(customerId is not null, status is not null), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadSummary(reader));
        }

        return rows;
    }

    private static OrderSummaryRow ReadSummary(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetMoney(4),
        reader.GetString(5).Trim(), reader.GetUtcTimestamp(6), reader.GetNullableUtcTimestamp(7),
        reader.GetNullableUtcTimestamp(8), reader.GetNullableUtcTimestamp(9), reader.GetNullableUtcTimestamp(10),
        reader.GetInt64(11), reader.GetUtcTimestamp(12));

    /// <summary>The order's row, and its lines replaced as a set (an order has at most 100 lines).</summary>
    public void Save(StatementBatch statements, OrderSummaryView view, bool exists)
    {
        var s = view.Summary;
        statements.Add(
            exists ? _updateSummary : _insertSummary,
            ("@order_id", s.OrderId), ("@customer_id", s.CustomerId), ("@status", s.Status),
            ("@line_count", s.LineCount), ("@total_amount", s.TotalAmount), ("@currency", s.Currency),
            ("@created_at", s.CreatedAt.ToUniversalTime()), ("@paid_at", s.PaidAt?.ToUniversalTime()),
            ("@shipped_at", s.ShippedAt?.ToUniversalTime()), ("@delivered_at", s.DeliveredAt?.ToUniversalTime()),
            ("@cancelled_at", s.CancelledAt?.ToUniversalTime()), ("@version", s.Version),
            ("@updated_at", s.UpdatedAt.ToUniversalTime()));
        statements.Add(_deleteLines, ("@order_id", s.OrderId));
        foreach (var line in view.Lines)
        {
            statements.Add(_insertLine, ("@order_id", line.OrderId), ("@sku", line.Sku),
                ("@quantity", line.Quantity), ("@unit_price", line.UnitPrice), ("@line_total", line.LineTotal));
        }
    }
}
