namespace Orders.Projections.CustomerOrders;

/// <summary>One row of <c>customer_orders</c>.</summary>
/// <param name="OpenCount">Orders neither delivered nor cancelled.</param>
/// <param name="TotalSpent">Payments less refunds of cancelled paid orders.</param>
public sealed record CustomerOrdersRow(string CustomerId, int OrderCount, int OpenCount, decimal TotalSpent, DateTimeOffset? LastOrderAt);
