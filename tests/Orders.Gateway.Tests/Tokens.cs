using System.Net.Http.Headers;
using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>Tokens from the test issuer (<see cref="TestAuth"/>), which every gateway under test trusts.</summary>
public static class Tokens
{
    public static readonly TokenMinter Minter = TokenMinter.ForSharedKey(TestAuth.Issuer, TestAuth.Audience, TestAuth.SigningKey);

    /// <summary>A token with every scope and no customer limit: what most tests act as.</summary>
    public static string Operator { get; } = Mint(OrdersScopes.All);

    public static string Mint(IEnumerable<string> scopes, string? customerId = null, TimeSpan? lifetime = null, DateTime? now = null) =>
        Minter.Mint("test-client", scopes, lifetime ?? TimeSpan.FromHours(2), customerId, now: now);

    public static HttpClient Authorized(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
