using Orders.Projections.Schema;

namespace Orders.Projections.Storage.Dialects;

/// <summary>
/// SQL Server: Unicode text, exact decimal money, <c>datetimeoffset</c>; DDL guarded by catalog checks under an
/// application lock; upserts with <c>MERGE … WITH (HOLDLOCK)</c>; <c>TOP</c> instead of <c>LIMIT</c>.
/// </summary>
public sealed class SqlServerReadSideSql : ReadSideSql
{
    public static readonly SqlServerReadSideSql Instance = new();

    private SqlServerReadSideSql()
    {
    }

    /// <summary>sp_getapplock answers a refusal (timeout, deadlock) with a negative code, not an error: make it one.</summary>
    public override string SchemaLock =>
        "DECLARE @granted int; "
        + "EXEC @granted = sp_getapplock @Resource = N'orders-read-schema', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000; "
        + "IF @granted < 0 THROW 51000, N'the read schema lock was not granted within 60 s', 1;";

    public override string SchemaUnlock =>
        "EXEC sp_releaseapplock @Resource = N'orders-read-schema', @LockOwner = N'Session'";

    public override string AddColumn(ReadTable table, ReadColumn column) =>
        $"IF COL_LENGTH(N'{table.Name}', N'{column.Name}') IS NULL ALTER TABLE {table.Name} ADD {column.Sql} {TypeOf(column.Type)} NULL";

    /// <summary>DbUp's SQL Server runner splits a script into batches at <c>GO</c>.</summary>
    public override string Script(IEnumerable<string> statements) => string.Join("\nGO\n", statements) + "\nGO\n";

    public override DbUp.Builder.UpgradeEngineBuilder Migrations(string connectionString, string versionsTable) =>
        DbUp.DeployChanges.To.SqlDatabase(connectionString).JournalToSqlTable(null, versionsTable);

    public override string TypeOf(ColumnType type) => type.Kind switch
    {
        ColumnKind.Text => $"nvarchar({type.Length})",
        ColumnKind.FixedText => $"nchar({type.Length})",
        ColumnKind.LongText => "nvarchar(max)",
        ColumnKind.Int32 => "int",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Money => "decimal(18,2)",
        ColumnKind.Timestamp => "datetimeoffset",
        ColumnKind.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };

    public override string CreateTable(ReadTable table) =>
        $"IF OBJECT_ID(N'dbo.{table.Name}', N'U') IS NULL\nCREATE TABLE dbo.{table.Name} (\n{ColumnDefinitions(table)})";

    public override string CreateIndex(ReadTable table, ReadIndex index) =>
        $"""
        IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Name}' AND object_id = OBJECT_ID(N'dbo.{table.Name}'))
        CREATE INDEX {index.Name} ON dbo.{table.Name} ({ColumnList(index.Columns.Select(c => table[c]))})
        """;

    /// <summary>
    /// HOLDLOCK makes the match and the insert one atomic step under read-committed isolation: two slices adding
    /// to the same new row never both insert it. Decimal arithmetic is exact, so no rounding is needed. The incoming
    /// rows are first combined by key in the database's collation: keys the batch holds apart (<c>Alice</c>,
    /// <c>alice</c>) may be one key to a case-insensitive collation, and MERGE refuses to touch a row twice.
    /// </summary>
    protected override string RenderAddTo(ReadTable table, int rows) =>
        $"""
        MERGE {table.Name} WITH (HOLDLOCK) AS t
        USING (SELECT {string.Join(", ", table.Columns.Select(column => Combined(table, column)))}
               FROM (VALUES {RowValues(table.Columns, rows)}) AS v ({ColumnList(table.Columns)})
               GROUP BY {ColumnList(table.Key)}) AS s ({ColumnList(table.Columns)})
        ON {string.Join(" AND ", table.Key.Select(c => $"t.{c.Sql} = s.{c.Sql}"))}
        WHEN MATCHED THEN UPDATE SET {string.Join(", ", table.Values.Select(c => $"{c.Sql} = {Merged(c, "t", "s")}"))}
        WHEN NOT MATCHED THEN INSERT ({ColumnList(table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select(c => $"s.{c.Sql}"))});
        """;

    /// <summary>How rows of one key within a statement combine: as they would one after the other.</summary>
    private static string Combined(ReadTable table, ReadColumn column) =>
        table.Key.Contains(column) ? $"v.{column.Sql}"
        : column.Merge == Merge.Sum ? $"SUM(v.{column.Sql})"
        // The later of them (MAX skips NULLs: all NULL keeps the stored value); Replace has one row per key in practice.
        : $"MAX(v.{column.Sql})";

    protected override string Merged(ReadColumn column, string stored, string incoming) =>
        column is { Merge: Merge.Sum, Type.Kind: ColumnKind.Money } ? $"{stored}.{column.Sql} + {incoming}.{column.Sql}" : base.Merged(column, stored, incoming);

    // Two workers for the same (projection, slice) must never both insert: the range lock taken by UPDLOCK and
    // HOLDLOCK makes the existence check and the insert one atomic step under read-committed isolation.
    public override string InsertOffsetIfMissing =>
        """
        INSERT INTO projection_offsets (projection, slice, "offset", updated_at)
        SELECT @projection, @slice, 0, @now
        WHERE NOT EXISTS (SELECT 1 FROM projection_offsets WITH (UPDLOCK, HOLDLOCK)
                          WHERE projection = @projection AND slice = @slice)
        """;

    public override string SelectOrdersPage(bool byCustomer, bool byStatus) =>
        $"""
        SELECT TOP (@limit) {OrderSummaryColumns}
        FROM order_summary
        WHERE order_id > @after{OrdersPageFilter(byCustomer, byStatus)}
        ORDER BY order_id
        """;

    public override string SelectCustomerOrdersNewestFirst(bool afterOrder) =>
        $"""
        SELECT TOP (@limit) {OrderSummaryColumns}
        FROM order_summary
        WHERE customer_id = @customer_id{NewestFirstAfter(afterOrder)}
        ORDER BY created_at DESC, order_id DESC
        """;

    public override string SelectTaggedEventsBetween =>
        """
        SELECT TOP (@limit) t.ordering_id, j.persistence_id, j.sequence_number, j.identifier, j.manifest, j.message, j.created
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @after AND t.ordering_id <= @up_to AND j.deleted = @deleted
        ORDER BY t.ordering_id
        """;

    // The frontier's statements skip rows that writes still hold (READPAST): under SQL Server's locking READ COMMITTED
    // they would otherwise wait for those writes, holding up every slice; skipped, they count as missing, which is
    // what a write still in flight is (JournalFrontier waits for it, up to GapWait). COUNT_BIG: COUNT is an int.
    public override string SelectOrderingSpan =>
        "SELECT MAX(ordering), COUNT_BIG(*) FROM journal WITH (READPAST) WHERE ordering > @after AND ordering <= @up_to";

    public override string SelectJournalOrderings =>
        "SELECT TOP (@limit) ordering FROM journal WITH (READPAST) WHERE ordering > @after AND ordering <= @up_to ORDER BY ordering";

    public override string SelectOrderingsInRanges(int ranges) =>
        $"SELECT TOP (@limit) ordering FROM journal WITH (READPAST) WHERE {OrderingRanges(ranges)} ORDER BY ordering";

    public override string SelectTaggedEventsAfter =>
        """
        SELECT TOP (@limit) t.persistence_id, t.sequence_nr, j.identifier, j.manifest, j.message
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset ORDER BY t.ordering_id
        """;
}
