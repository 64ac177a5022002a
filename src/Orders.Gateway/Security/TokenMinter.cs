using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orders.Gateway.Security;

/// <summary>
/// Makes HMAC-SHA256 signed JWTs for the API: what development mode hands out, and what an operator or a test uses
/// with a shared <see cref="AuthSettings.SigningKey"/>. Real deployments usually get tokens from their identity provider.
/// </summary>
public sealed class TokenMinter(string issuer, string audience, SymmetricSecurityKey key)
{
    public string Issuer { get; } = issuer;

    public string Audience { get; } = audience;

    public SymmetricSecurityKey Key { get; } = key;

    public static TokenMinter ForSharedKey(string issuer, string audience, string signingKey) =>
        new(issuer, audience, KeyFrom(signingKey));

    /// <summary>A token for <paramref name="subject"/> granting <paramref name="scopes"/>; with a customer, scoped to that customer's orders.</summary>
    public string Mint(
        string subject, IEnumerable<string> scopes, TimeSpan lifetime, string? customerId = null, string customerClaim = "customer_id",
        DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["scope"] = string.Join(' ', scopes) };
        if (customerId is not null)
        {
            claims[customerClaim] = customerId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    /// <summary>A fresh random key, for development mode without a configured one.</summary>
    public static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
