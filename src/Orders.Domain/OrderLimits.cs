namespace Orders.Domain;

/// <summary>The bounds every order respects. Public so that the edges can document them.</summary>
public static class OrderLimits
{
    public const int MaxIdLength = 64;
    public const int MaxTextLength = 200;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 10_000;
    public const int MaxLines = 100;
    public const int MoneyDecimals = 2;

    /// <summary>Keeps every order total far inside decimal(18,2): 100 lines × 10 000 × 1 000 000.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    public const string DefaultCurrency = "USD";
}
