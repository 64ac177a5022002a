using Orders.Projections.Verification;

namespace Orders.Testing;

/// <summary>Compares two <see cref="ReadModelContent"/> table by table, line by line.</summary>
public sealed class ReadModelContentComparer : IEqualityComparer<ReadModelContent>
{
    public static readonly ReadModelContentComparer Instance = new();

    public bool Equals(ReadModelContent? x, ReadModelContent? y) =>
        x is not null && y is not null
        && x.OrderSummary.SequenceEqual(y.OrderSummary)
        && x.CustomerOrders.SequenceEqual(y.CustomerOrders)
        && x.ProductSales.SequenceEqual(y.ProductSales);

    public int GetHashCode(ReadModelContent obj) => obj.OrderSummary.Count;
}
