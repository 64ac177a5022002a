using System.Collections.Immutable;
using System.Data.Common;
using Orders.Contracts.Database;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;
using Orders.Projections.Storage;

namespace Orders.Projections.OrderSummary;

/// <summary>
/// <c>order_summary</c> and <c>order_lines</c>: their declarations, and reading and writing them. Each order is one
/// summary row and its lines; a batch's new orders go in multi-row inserts, and an order's lines are replaced as a
/// set only when an event changed them.
/// </summary>
public sealed class OrderSummaryTables(ReadSideSql sql, ReadTables generation)
{
    private static readonly ReadColumn OrderId = new("order_id", ColumnType.Text(64));

    public static readonly ReadTable Summary = new("order_summary",
    [
        OrderId,
        new("customer_id", ColumnType.Text(64)),
        new("status", ColumnType.Text(16)),
        new("line_count", ColumnType.Int32),
        new("total_amount", ColumnType.Money),
        new("currency", ColumnType.FixedText(3)),
        new("created_at", ColumnType.Timestamp),
        new("paid_at", ColumnType.Timestamp, Nullable: true),
        new("shipped_at", ColumnType.Timestamp, Nullable: true),
        new("delivered_at", ColumnType.Timestamp, Nullable: true),
        new("cancelled_at", ColumnType.Timestamp, Nullable: true),
        new("version", ColumnType.Int64),
        new("updated_at", ColumnType.Timestamp),
        // Read schema version 2 (ReadSchemaMigrations): what the v2 events carry. NULL in rows written before it.
        new("sales_channel", ColumnType.Text(16), Nullable: true, Since: 2),
        new("payment_reference", ColumnType.Text(200), Nullable: true, Since: 2),
    ], ["order_id"], new ReadIndex("ix_order_summary_customer", "customer_id", "order_id"),
        new ReadIndex("ix_order_summary_customer_created", "customer_id", "created_at", "order_id") { Since = 3 });

    public static readonly ReadTable Lines = new("order_lines",
    [
        OrderId,
        new("sku", ColumnType.Text(64)),
        new("quantity", ColumnType.Int32),
        new("unit_price", ColumnType.Money),
        new("line_total", ColumnType.Money),
    ], ["order_id", "sku"]);

    public static IReadOnlyList<ReadTable> Declared { get; } = [Summary, Lines];

    private readonly ReadTable _summary = Summary.In(generation);
    private readonly ReadTable _lines = Lines.In(generation);
    private readonly string _selectSummary = sql.SelectWhere(Summary.In(generation), "order_id");
    private readonly string _selectLines = sql.SelectWhere(Lines.In(generation), "order_id");
    private readonly string _updateSummary = sql.UpdateByKey(Summary.In(generation));

    public async Task<OrderSummaryView?> LoadAsync(
        DbConnection connection, DbTransaction? transaction, string orderId, CancellationToken cancellationToken)
    {
        if (await LoadSummaryAsync(connection, transaction, orderId, cancellationToken) is not { } summary)
        {
            return null;
        }

        var lines = ImmutableList.CreateBuilder<OrderLineRow>();
        await using (var command = connection.CreateCommand(transaction, _selectLines, (OrderId.Parameter(0), orderId)))
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

    /// <summary>The order's <c>order_summary</c> row alone (no lines), or null.</summary>
    public async Task<OrderSummaryRow?> LoadSummaryAsync(
        DbConnection connection, DbTransaction? transaction, string orderId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, _selectSummary, (OrderId.Parameter(0), orderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
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

        return await ReadSummariesAsync(connection, sql.SelectOrdersPage(customerId is not null, status is not null), parameters, cancellationToken);
    }

    /// <summary>A customer's orders newest first, after order <paramref name="before"/> of the same listing when given.</summary>
    public Task<IReadOnlyList<OrderSummaryRow>> CustomerPageAsync(
        DbConnection connection, string customerId, string? before, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)> { ("@customer_id", customerId), ("@limit", limit) };
        if (before is not null)
        {
            parameters.Add(("@before", before));
        }

        return ReadSummariesAsync(connection, sql.SelectCustomerOrdersNewestFirst(before is not null), parameters, cancellationToken);
    }

    private static async Task<IReadOnlyList<OrderSummaryRow>> ReadSummariesAsync(
        DbConnection connection, string statement, List<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<OrderSummaryRow>();
        await using var command = connection.CreateCommand(null, statement, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadSummary(reader));
        }

        return rows;
    }

    /// <summary>Reads a row in <see cref="Summary"/>'s column order.</summary>
    private static OrderSummaryRow ReadSummary(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetMoney(4),
        reader.GetString(5).Trim(), reader.GetUtcTimestamp(6), reader.GetNullableUtcTimestamp(7),
        reader.GetNullableUtcTimestamp(8), reader.GetNullableUtcTimestamp(9), reader.GetNullableUtcTimestamp(10),
        reader.GetInt64(11), reader.GetUtcTimestamp(12),
        reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14));

    /// <summary>
    /// Writes a batch's orders: new ones inserted (several rows per statement), stored ones updated; lines inserted
    /// for a new order, and replaced as a set (an order has at most 100) for a stored one whose lines changed.
    /// </summary>
    public void Save(StatementBatch statements, IEnumerable<(OrderSummaryView View, bool Exists, bool LinesChanged)> orders)
    {
        var inserted = new List<object?[]>();
        var replaced = new List<object?[]>();
        var lines = new List<object?[]>();
        foreach (var (view, exists, linesChanged) in orders)
        {
            var values = SummaryValues(view.Summary);
            if (exists)
            {
                statements.Add(_updateSummary, [.. _summary.Parameters(0, values)]);
                if (linesChanged)
                {
                    replaced.Add([view.Summary.OrderId]);
                }
            }
            else
            {
                inserted.Add(values);
            }

            if (!exists || linesChanged)
            {
                lines.AddRange(view.Lines.Select(line =>
                    new object?[] { line.OrderId, line.Sku, line.Quantity, line.UnitPrice, line.LineTotal }));
            }
        }

        statements.AddRows(_summary, inserted, rows => sql.Insert(_summary, rows));
        statements.AddRows(_lines, replaced, rows => sql.DeleteWhereIn(_lines, OrderId.Name, rows), [OrderId]);
        statements.AddRows(_lines, lines, rows => sql.Insert(_lines, rows));
    }

    /// <summary>A summary row's values in <see cref="Summary"/>'s column order.</summary>
    private static object?[] SummaryValues(OrderSummaryRow s) =>
    [
        s.OrderId, s.CustomerId, s.Status, s.LineCount, s.TotalAmount, s.Currency, s.CreatedAt.ToUniversalTime(),
        s.PaidAt?.ToUniversalTime(), s.ShippedAt?.ToUniversalTime(), s.DeliveredAt?.ToUniversalTime(),
        s.CancelledAt?.ToUniversalTime(), s.Version, s.UpdatedAt.ToUniversalTime(), s.SalesChannel, s.PaymentReference,
    ];
}
