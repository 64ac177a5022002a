using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Schema;

/// <summary>One step of the read schema, rendered for each database from the declarations.</summary>
/// <param name="Version">The schema version this step brings a database to.</param>
/// <param name="Name">What it does; with the version, the script's name in the versions table (<c>0002-…</c>).</param>
public sealed record ReadSchemaMigration(int Version, string Name, Func<ReadSideSql, IReadOnlyList<string>> Statements)
{
    public string ScriptName => $"{Version:D4}-{Name}";
}

/// <summary>
/// The read tables' history, applied in order by DbUp, which records each applied step in
/// <see cref="VersionsTable"/>. Version 1 is the schema the service had before versions were kept: its tables are
/// created where missing, so a database made by that code takes it as a no-op and goes on from there.
///
/// Adding a column: declare it beside its projection with <c>Since</c> = the next version (nullable), and add a step
/// here that renders <see cref="ColumnsAddedIn"/> for that version. Never change a step that has shipped.
/// </summary>
public static class ReadSchemaMigrations
{
    public const string VersionsTable = "read_schema_versions";

    public static IReadOnlyList<ReadSchemaMigration> All { get; } =
    [
        new(1, "read-tables", sql => sql.Schema(ReadSchema.Tables.Select(table => table.AsOf(1)))),
        // What the v2 events carry and the read tables did not show: where an order was placed, and the payment
        // provider's reference. Rows written before it have NULL there until their order's next event, or a rebuild.
        new(2, "sales-channel-and-payment-reference", sql => ColumnsAddedIn(2, sql)),
        // A customer's orders newest first, a page at a time (the operator console), without sorting all of them.
        new(3, "customer-orders-newest-first", sql => IndexesAddedIn(3, sql)),
    ];

    public static int Latest => All[^1].Version;

    static ReadSchemaMigrations()
    {
        var versions = All.Select(migration => migration.Version).ToList();
        if (!versions.SequenceEqual(Enumerable.Range(1, versions.Count)))
        {
            throw new InvalidOperationException("read schema migrations must be numbered 1, 2, 3, … in order");
        }

        foreach (var table in ReadSchema.Tables)
        {
            foreach (var column in table.Columns.Where(column => column.Since > 1))
            {
                if (column.Since > Latest || !column.Nullable)
                {
                    throw new InvalidOperationException(
                        $"{table.Name}.{column.Name}: a column added by version {column.Since} must be nullable and have its migration");
                }
            }

            if (table.Indexes.FirstOrDefault(index => index.Since > Latest) is { } early)
            {
                throw new InvalidOperationException($"{table.Name}.{early.Name}: index of version {early.Since} has no migration");
            }
        }
    }

    /// <summary>The (idempotent) <c>CREATE INDEX</c> of every index declared with <c>Since</c> = <paramref name="version"/>.</summary>
    public static IReadOnlyList<string> IndexesAddedIn(int version, ReadSideSql sql) =>
        ReadSchema.Tables
            .SelectMany(table => table.Indexes.Where(index => index.Since == version).Select(index => sql.CreateIndex(table, index)))
            .ToList();

    /// <summary>The <c>ALTER TABLE … ADD</c> of every column declared with <c>Since</c> = <paramref name="version"/>.</summary>
    public static IReadOnlyList<string> ColumnsAddedIn(int version, ReadSideSql sql) =>
        ReadSchema.Tables
            .SelectMany(table => table.Columns.Where(column => column.Since == version).Select(column => sql.AddColumn(table, column)))
            .ToList();
}
