using Orders.Domain;

namespace Orders.Projections;

/// <summary>How a status is stored in the read tables and shown by the API: lower case (<c>pending</c>, <c>paid</c>, …).</summary>
public static class OrderStatusNames
{
    public static string Of(OrderStatus status) => status.ToString().ToLowerInvariant();
}
