namespace Orders.Domain;

/// <summary>
/// Whose orders a caller may touch: the one rule, used by the order itself (<see cref="OrderDecider"/>) and by the
/// gateway's reads. A caller limited to a customer sees only that customer's orders; another customer's order is,
/// to it, an order that does not exist — the same answer, so that order ids cannot be probed. An order's customer
/// never changes.
/// </summary>
public static class OrderOwnership
{
    /// <summary>Whether a caller limited to <paramref name="actingCustomer"/> (null: not limited) may touch an order of <paramref name="owner"/>.</summary>
    public static bool Allows(string? actingCustomer, string owner) =>
        actingCustomer is null || string.Equals(actingCustomer, owner, StringComparison.Ordinal);

    /// <summary>The answer for an order that does not exist, and for another customer's order.</summary>
    public static Rejection Missing(string orderId) => new(Rejection.NotFound, $"order '{orderId}' does not exist");
}
