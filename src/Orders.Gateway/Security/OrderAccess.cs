using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Orders.Cluster.Actors;
using Orders.Cluster.Sharding;
using Orders.Domain;
using Orders.Gateway.Api;
using Orders.Gateway.Configuration;

namespace Orders.Gateway.Security;

/// <summary>
/// What a customer-scoped token may touch: its own customer's orders only. Another customer's order answers 404,
/// exactly like an order that does not exist, so that a scoped token cannot probe which order ids are taken;
/// asking for another customer's list or creating an order for another customer answers 403.
/// Tokens without the customer claim are not limited here (their scopes still are).
/// </summary>
public sealed class OrderAccess(IRequiredActor<OrderRegion> region, IOptions<AuthSettings> auth, IOptions<GatewaySettings> gateway)
{
    /// <summary>The customer the caller's token is limited to, or null.</summary>
    public string? CustomerOf(HttpContext http) => http.User.FindFirst(auth.Value.CustomerClaim)?.Value;

    /// <summary>Whether a token limited to <paramref name="customer"/> may see an order of <paramref name="owner"/> (<see cref="OrderOwnership"/>).</summary>
    public static bool Owns(string? customer, string owner) => OrderOwnership.Allows(customer, owner);

    /// <summary>
    /// Null when the caller may use the order (or it does not exist, which the request itself will answer); otherwise
    /// the answer to give: 404 for another customer's order, 503 when the order's actor did not answer in time.
    /// The order actor's own state decides, not the read tables, which may lag. An order's customer never changes.
    /// </summary>
    public async Task<IResult?> RefuseAsync(HttpContext http, string orderId, CancellationToken cancellationToken)
    {
        if (CustomerOf(http) is not { } customer)
        {
            return null;
        }

        OrderState state;
        try
        {
            var target = await region.GetAsync(cancellationToken);
            state = await target.Ask<OrderState>(new GetOrderState(orderId), gateway.Value.AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return Problems.Unavailable($"order '{orderId}' did not answer within {gateway.Value.AskTimeout.TotalSeconds:0.#} s", orderId);
        }

        return state.Version == 0 || Owns(customer, state.CustomerId) ? null : Hidden(orderId);
    }

    public static IResult Hidden(string orderId) => Problems.FromRejection(orderId, OrderOwnership.Missing(orderId));

    public static IResult OtherCustomer(string customerId) =>
        Problems.Forbidden($"the bearer token is limited to its own customer's orders, not customer '{Truncate(customerId)}'");

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
