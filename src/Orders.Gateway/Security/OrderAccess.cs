using Microsoft.Extensions.Options;
using Orders.Domain;
using Orders.Gateway.Api;
using Orders.Projections.History;

namespace Orders.Gateway.Security;

/// <summary>
/// What a customer-scoped token may touch: its own customer's orders only. Another customer's order answers 404,
/// exactly like an order that does not exist, so that a scoped token cannot probe which order ids are taken;
/// asking for another customer's list or creating an order for another customer answers 403.
/// Tokens without the customer claim are not limited here (their scopes still are).
/// </summary>
public sealed class OrderAccess(OrderHistory history, IOptions<AuthSettings> auth)
{
    /// <summary>The customer the caller's token is limited to, or null.</summary>
    public string? CustomerOf(HttpContext http) => http.User.FindFirst(auth.Value.CustomerClaim)?.Value;

    /// <summary>Whether a token limited to <paramref name="customer"/> may see an order of <paramref name="owner"/> (<see cref="OrderOwnership"/>).</summary>
    public static bool Owns(string? customer, string owner) => OrderOwnership.Allows(customer, owner);

    /// <summary>
    /// Null when the caller may read the order's history; otherwise 404, as for a missing order (which is what a
    /// customer-scoped caller gets for an order with no events, too). The order's first event in the journal says whose it is
    /// (<see cref="OrderHistory.OwnerAsync"/>); <see cref="OrderOwnership"/> decides.
    /// </summary>
    public async Task<IResult?> RefuseAsync(HttpContext http, string orderId)
    {
        if (CustomerOf(http) is not { } customer)
        {
            return null;
        }

        // An order with no events is hidden too (it answers exactly so anyway): should another customer create it while
        // this request reads, the caller still sees nothing of it.
        return await history.OwnerAsync(orderId, http.RequestAborted) is { } owner && Owns(customer, owner) ? null : Hidden(orderId);
    }

    public static IResult Hidden(string orderId) => Problems.FromRejection(orderId, OrderOwnership.Missing(orderId));

    public static IResult OtherCustomer(string customerId) =>
        Problems.Forbidden($"the bearer token is limited to its own customer's orders, not customer '{Truncate(customerId)}'");

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
