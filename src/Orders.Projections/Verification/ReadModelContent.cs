using System.Globalization;
using Orders.Contracts.Database;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.ProductSales;
using Orders.Projections.Storage;

namespace Orders.Projections.Verification;

/// <summary>
/// Every read table as canonical lines of text, so that two read models compare line by line and a difference
/// reads as a diff. <see cref="ExpectedFrom"/> derives the same lines straight from the journal's events with the
/// domain's own fold — independently of the projections — which is what <c>orders-query verify read-model</c>
/// and the tests compare the tables with.
/// </summary>
public sealed record ReadModelContent(IReadOnlyList<string> OrderSummary, IReadOnlyList<string> CustomerOrders, IReadOnlyList<string> ProductSales)
{
    /// <summary>Everything in the read tables.</summary>
    public static async Task<ReadModelContent> ReadAllAsync(ReadModelStore store, CancellationToken cancellationToken = default)
    {
        var orderIds = new List<string>();
        var customerIds = new List<string>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            foreach (var (sql, ids) in new[] { (store.Sql.SelectAllOrderIds, orderIds), (store.Sql.SelectAllCustomerIds, customerIds) })
            {
                await using var command = connection.CreateCommand(null, sql);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }
        }

        return await ReadAsync(store, orderIds, customerIds, cancellationToken);
    }

    /// <summary>Lines of every table other than this one's that this one lacks or holds differently, per table.</summary>
    public IEnumerable<(string Table, string Expected, string Actual)> Differences(ReadModelContent actual)
    {
        foreach (var (table, expected, found) in new[]
                 {
                     ("order_summary", OrderSummary, actual.OrderSummary),
                     ("customer_orders", CustomerOrders, actual.CustomerOrders),
                     ("product_sales_daily", ProductSales, actual.ProductSales),
                 })
        {
            foreach (var missing in expected.Except(found))
            {
                yield return (table, missing, "");
            }

            foreach (var extra in found.Except(expected))
            {
                yield return (table, "", extra);
            }
        }
    }

    public static async Task<ReadModelContent> ReadAsync(
        ReadModelStore store, IEnumerable<string> orderIds, IEnumerable<string> customerIds, CancellationToken cancellationToken = default)
    {
        var orders = new List<string>();
        var summaries = new OrderSummaryReader(store);
        foreach (var orderId in orderIds.Distinct().Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await summaries.FindAsync(orderId) is { } view)
            {
                var s = view.Summary;
                orders.Add(Summary(s.OrderId, s.CustomerId, s.Status, s.LineCount, s.TotalAmount, s.Currency, s.Version,
                    s.SalesChannel, s.PaymentReference,
                    string.Join(",", view.Lines.Select(l => Line(l.Sku, l.Quantity, l.UnitPrice, l.LineTotal)))));
            }
        }

        var customers = new List<string>();
        var customerReader = new CustomerOrdersReader(store);
        foreach (var customerId in customerIds.Distinct().Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await customerReader.FindAsync(customerId) is { } row)
            {
                customers.Add(Customer(row.CustomerId, row.OrderCount, row.OpenCount, row.TotalSpent, row.LastOrderAt));
            }
        }

        var sales = (await new ProductSalesReader(store).AllAsync())
            .Where(row => row.QuantitySold != 0 || row.Revenue != 0)
            .Select(row => Sale(row.Day, row.Sku, row.QuantitySold, row.Revenue))
            .ToList();
        return new ReadModelContent(orders, customers, sales);
    }

    /// <summary>What the read tables must hold after every one of these events (journal order) is applied.</summary>
    public static ReadModelContent ExpectedFrom(IEnumerable<IOrderEvent> events)
    {
        var states = events.GroupBy(e => e.OrderId).Select(OrderState.Replay).ToList();
        var orders = states.OrderBy(s => s.OrderId, StringComparer.Ordinal).Select(s => Summary(
            s.OrderId, s.CustomerId, s.Status.ToString().ToLowerInvariant(), s.Lines.Count, s.Total, s.Currency, s.Version,
            s.SalesChannel, s.PaymentReference,
            string.Join(",", s.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => Line(l.Sku, l.Quantity, l.UnitPrice, l.LineTotal)))))
            .ToList();
        var customers = states.GroupBy(s => s.CustomerId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Customer(
            g.Key, g.Count(), g.Count(s => s.Status is not (OrderStatus.Delivered or OrderStatus.Cancelled)),
            g.Sum(s => (s.AmountPaid ?? 0m) - (s.RefundDue ?? 0m)), g.Max(s => s.CreatedAt)))
            .ToList();
        var sales = states.Where(s => s.PaidAt is not null && s.Status != OrderStatus.Cancelled)
            .SelectMany(s => s.Lines.Select(l => (Day: DateOnly.FromDateTime(s.PaidAt!.Value.UtcDateTime), l.Sku, l.Quantity, l.LineTotal)))
            .GroupBy(x => (x.Day, x.Sku))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Sku, StringComparer.Ordinal)
            .Select(g => Sale(g.Key.Day, g.Key.Sku, g.Sum(x => (long)x.Quantity), g.Sum(x => x.LineTotal)))
            .ToList();
        return new ReadModelContent(orders, customers, sales);
    }

    private static string Summary(
        string id, string customer, string status, int lines, decimal total, string currency, long version,
        string? channel, string? paymentReference, string lineText) =>
        $"{id}|{customer}|{status}|{lines}|{Money(total)}|{currency}|v{version}|{channel}|{paymentReference}|{lineText}";

    private static string Line(string sku, int quantity, decimal price, decimal total) => $"{sku}:{quantity}x{Money(price)}={Money(total)}";

    private static string Customer(string id, int orders, int open, decimal spent, DateTimeOffset? last) =>
        $"{id}|{orders}|{open}|{Money(spent)}|{last?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}";

    private static string Sale(DateOnly day, string sku, long quantity, decimal revenue) =>
        $"{day:yyyy-MM-dd}|{sku}|{quantity}|{Money(revenue)}";

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
