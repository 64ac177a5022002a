using System.Text.RegularExpressions;

namespace Orders.Projections.Rebuild;

/// <summary>
/// Which generation of the read tables a projection writes: the live tables, or the shadow tables a rebuild fills
/// (<c>order_summary__rebuild</c>, …) while the live ones keep serving reads.
/// </summary>
public sealed partial class ReadTables
{
    public const string ShadowSuffix = "__rebuild";

    public static readonly ReadTables Live = new("");

    public static readonly ReadTables Shadow = new(ShadowSuffix);

    private ReadTables(string suffix) => Suffix = suffix;

    /// <summary>Appended to table names and to the projection's name (offsets, states, status).</summary>
    public string Suffix { get; }

    public string Name(string table) => table + Suffix;

    /// <summary>Points a statement written for the live tables at this generation's tables.</summary>
    public string Rewrite(string sql) => Suffix.Length == 0 ? sql : ReadTableName().Replace(sql, match => match.Value + Suffix);

    [GeneratedRegex(@"\b(order_summary|order_lines|customer_orders|product_sales_daily)\b")]
    private static partial Regex ReadTableName();
}
