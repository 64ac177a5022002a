namespace Orders.Projections.ProductSales;

/// <summary>One row of <c>product_sales_daily</c>: what one SKU sold on one day (UTC), net of cancelled paid orders.</summary>
public sealed record ProductSalesRow(DateOnly Day, string Sku, long QuantitySold, decimal Revenue);
