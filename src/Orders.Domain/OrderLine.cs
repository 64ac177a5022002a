namespace Orders.Domain;

/// <summary>One line of an order: a quantity of one SKU at a unit price in the order's currency.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    public decimal LineTotal => Quantity * UnitPrice;
}
