namespace Orders.Testing;

/// <summary>
/// The token issuer that tests configure the gateway with: the production path (Jwt mode with a shared signing key),
/// not development mode. Tests mint tokens with the gateway's TokenMinter and these values.
/// </summary>
public static class TestAuth
{
    public const string Issuer = "orders-tests";
    public const string Audience = "orders-api";

    /// <summary>A key for tests only (48 bytes); real keys come from the environment or user secrets.</summary>
    public const string SigningKey = "tests-only-signing-key-0123456789-abcdefghijklmn";

    /// <summary>The settings as configuration keys (<c>Orders:Gateway:Auth:…</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Configuration() =>
    [
        new("Orders:Gateway:Auth:Mode", "Jwt"),
        new("Orders:Gateway:Auth:Issuer", Issuer),
        new("Orders:Gateway:Auth:Audience", Audience),
        new("Orders:Gateway:Auth:SigningKey", SigningKey),
    ];

    /// <summary>The same settings as environment variables for a service process.</summary>
    public static void AddTo(IDictionary<string, string> environment)
    {
        foreach (var (key, value) in Configuration())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
    }
}
