namespace Orders.Projections.Schema;

/// <summary>How an upsert combines a column of an incoming row with the row already stored under the same key.</summary>
public enum Merge
{
    /// <summary>The incoming value replaces the stored one.</summary>
    Replace,

    /// <summary>The incoming value is added to the stored one (a counter, a total).</summary>
    Sum,

    /// <summary>The later of the two; an incoming null keeps the stored value.</summary>
    Latest,
}

/// <summary>One column of a read table, as declared beside the projection that writes it.</summary>
/// <param name="Since">
/// The read schema's version that added the column (<see cref="ReadSchemaMigrations"/>): 1 for the first tables. A
/// later column must be nullable, because the migration adds it to tables that already have rows.
/// </param>
public sealed record ReadColumn(string Name, ColumnType Type, bool Nullable = false, Merge Merge = Merge.Replace, int Since = 1)
{
    // Names SQL reserves in at least one of the three databases; they are quoted wherever they are rendered.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "offset", "order", "key", "user" };

    /// <summary>The column's name as it appears in SQL: quoted where the name is a reserved word.</summary>
    public string Sql => Reserved.Contains(Name) ? $"\"{Name}\"" : Name;

    /// <summary>The parameter that carries this column's value in row <paramref name="row"/> of a rendered statement.</summary>
    public string Parameter(int row) => $"@{Name}_{row}";
}
