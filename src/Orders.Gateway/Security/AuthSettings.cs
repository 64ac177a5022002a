namespace Orders.Gateway.Security;

/// <summary>
/// <c>Orders:Gateway:Auth</c>: who may call the API. Every endpoint but the health checks (and, unless
/// <see cref="MetricsRequireAdmin"/>, <c>/metrics</c>) needs a JWT bearer token carrying the scope its policy names.
/// </summary>
public sealed class AuthSettings
{
    public const string SectionName = "Orders:Gateway:Auth";

    /// <summary>
    /// <c>Jwt</c> (default): tokens from a configured issuer. <c>Development</c>: the gateway mints its own tokens
    /// (<c>POST /dev/token</c>) with a key it makes at start; refused unless the environment is Development.
    /// </summary>
    public AuthMode Mode { get; set; } = AuthMode.Jwt;

    /// <summary>An OpenID Connect authority (e.g. https://login.example.com/realms/orders): its signing keys are fetched from its metadata.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>iss</c> a token must carry. Required with <see cref="SigningKey"/>; with <see cref="Authority"/> the metadata's issuer is used when empty.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry. Required in Jwt mode.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// A shared HMAC-SHA256 key (at least 32 bytes of UTF-8) for issuers that sign with a symmetric key. A secret:
    /// give it by environment (<c>Orders__Gateway__Auth__SigningKey</c>) or user secrets, never in a committed file.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Allowed clock difference when checking a token's lifetime. Default: 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The claim that scopes a token to one customer's orders. Default: <c>customer_id</c>.</summary>
    public string CustomerClaim { get; set; } = "customer_id";

    /// <summary>When true, <c>/metrics</c> needs the <c>orders:admin</c> scope; otherwise it is anonymous like the health checks.</summary>
    public bool MetricsRequireAdmin { get; set; }

    /// <summary>Lifetime of tokens minted in development mode when the request names none. Default: 8 h.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public const int MinimumKeyBytes = 32;
}

public enum AuthMode
{
    Jwt,
    Development,
}
