using System.Security.Claims;

namespace Orders.Gateway.Security;

/// <summary>The API's three policies, each the OAuth scope of the same name.</summary>
public static class OrdersScopes
{
    /// <summary>Commands: create, add/remove lines, pay, ship, deliver, cancel.</summary>
    public const string Write = "orders:write";

    /// <summary>Queries: orders, customers, history and time travel.</summary>
    public const string Read = "orders:read";

    /// <summary>Projection status and control, rebuilds; <c>/metrics</c> when restricted.</summary>
    public const string Admin = "orders:admin";

    public static readonly IReadOnlyList<string> All = [Write, Read, Admin];

    /// <summary>
    /// The scopes a token grants: its <c>scope</c> claim (a space-separated string, RFC 8693) or <c>scp</c> claim
    /// (one or several values, as Microsoft Entra issues them).
    /// </summary>
    public static IEnumerable<string> Of(ClaimsPrincipal user) =>
        user.FindAll(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static bool Has(ClaimsPrincipal user, string scope) => Of(user).Contains(scope, StringComparer.Ordinal);
}
