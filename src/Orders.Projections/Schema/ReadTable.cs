using System.Text.RegularExpressions;

namespace Orders.Projections.Schema;

public sealed record ReadIndex(string Name, params string[] Columns)
{
    /// <summary>The read schema version that adds this index (<c>ReadSchemaMigrations</c>); 1 for the original ones.</summary>
    public int Since { get; init; } = 1;

    public override string ToString() => Name;
}

/// <summary>
/// A read table declared as data: its name, columns, key and indexes. The DDL and the row statements of each
/// provider are rendered from it (<c>ReadSideSql</c>), and a rebuild's shadow table is the same declaration under
/// another name (<see cref="In"/>) — no SQL text is ever searched or rewritten.
/// </summary>
public sealed partial class ReadTable
{
    public ReadTable(string name, IReadOnlyList<ReadColumn> columns, IReadOnlyList<string> key, params ReadIndex[] indexes)
    {
        foreach (var identifier in new[] { name }.Concat(columns.Select(c => c.Name)).Concat(indexes.Select(i => i.Name)))
        {
            if (!Identifier().IsMatch(identifier))
            {
                throw new ArgumentException($"'{identifier}' is not a plain lower-case SQL identifier", nameof(name));
            }
        }

        var byName = columns.ToDictionary(column => column.Name, StringComparer.Ordinal);
        foreach (var column in key.Concat(indexes.SelectMany(index => index.Columns)))
        {
            if (!byName.ContainsKey(column))
            {
                throw new ArgumentException($"{name}: key or index column '{column}' is not declared", nameof(key));
            }
        }

        if (key.Count == 0 || key.Any(column => byName[column].Nullable))
        {
            throw new ArgumentException($"{name}: a key of one or more non-null columns is required", nameof(key));
        }

        Name = name;
        Columns = columns;
        Key = key.Select(column => byName[column]).ToList();
        Values = columns.Where(column => !key.Contains(column.Name)).ToList();
        Indexes = indexes;
        RowsAreShared = Values.Any(column => column.Merge != Merge.Replace);
    }

    public string Name { get; }

    /// <summary>Every column, in the order rows are given to rendered statements.</summary>
    public IReadOnlyList<ReadColumn> Columns { get; }

    /// <summary>The primary key's columns.</summary>
    public IReadOnlyList<ReadColumn> Key { get; }

    /// <summary>The columns outside the key.</summary>
    public IReadOnlyList<ReadColumn> Values { get; }

    public IReadOnlyList<ReadIndex> Indexes { get; }

    /// <summary>
    /// Rows that many orders add to (a column merges, like a customer's or a day's totals): every slice's worker writes
    /// them, so their row locks are the ones workers wait for.
    /// </summary>
    public bool RowsAreShared { get; }

    public ReadColumn this[string column] => Columns.Single(c => c.Name == column);

    /// <summary>
    /// This table in a generation: the live table itself, or a rebuild's shadow table (same columns and key, its name
    /// suffixed). A shadow has no secondary index: nothing reads it, and its rows are copied into the live table.
    /// </summary>
    public ReadTable In(ReadTables generation) =>
        generation.Suffix.Length == 0 ? this : new ReadTable(generation.Name(Name), Columns, Key.Select(c => c.Name).ToList());

    /// <summary>The table as a schema version declared it: only the columns and indexes added up to <paramref name="version"/>.</summary>
    public ReadTable AsOf(int version) =>
        new(Name, Columns.Where(column => column.Since <= version).ToList(), Key.Select(c => c.Name).ToList(),
            [.. Indexes.Where(index => index.Since <= version)]);

    /// <summary>The parameters of row <paramref name="row"/> of a rendered statement: <paramref name="values"/> in column order.</summary>
    public IEnumerable<(string Name, object? Value)> Parameters(int row, IReadOnlyList<object?> values, IReadOnlyList<ReadColumn>? columns = null)
    {
        columns ??= Columns;
        if (values.Count != columns.Count)
        {
            throw new ArgumentException($"{Name}: {values.Count} values for {columns.Count} columns", nameof(values));
        }

        return columns.Select((column, i) => (column.Parameter(row), values[i]));
    }

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
