namespace Orders.Domain;

public enum OrderStatus
{
    /// <summary>No order exists under this id yet.</summary>
    None = 0,
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}
