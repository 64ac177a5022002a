namespace Orders.Projections.Schema;

/// <summary>
/// Which generation of the read tables a projection writes: the live tables, or the shadow tables a rebuild fills
/// (<c>order_summary__rebuild</c>, …) while the live ones keep serving reads.
/// </summary>
public sealed class ReadTables
{
    public const string ShadowSuffix = "__rebuild";

    public static readonly ReadTables Live = new("");

    public static readonly ReadTables Shadow = new(ShadowSuffix);

    private ReadTables(string suffix) => Suffix = suffix;

    /// <summary>Appended to table names and to the projection's name (offsets, states, status).</summary>
    public string Suffix { get; }

    public string Name(string table) => table + Suffix;
}
