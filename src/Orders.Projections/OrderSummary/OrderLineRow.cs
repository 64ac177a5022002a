namespace Orders.Projections.OrderSummary;

/// <summary>One row of <c>order_lines</c>.</summary>
public sealed record OrderLineRow(string OrderId, string Sku, int Quantity, decimal UnitPrice, decimal LineTotal);
