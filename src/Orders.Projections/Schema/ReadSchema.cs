using Orders.Projections.CustomerOrders;
using Orders.Projections.OrderSummary;
using Orders.Projections.ProductSales;
using Orders.Projections.Runtime;

namespace Orders.Projections.Schema;

/// <summary>Every read table: each projection's own (declared beside it) and the runtime's.</summary>
public static class ReadSchema
{
    public static IReadOnlyList<ReadTable> Tables { get; } =
    [
        .. OrderSummaryTables.Declared,
        CustomerOrdersProjection.Table,
        ProductSalesDailyProjection.Table,
        .. RuntimeTables.All,
    ];
}
