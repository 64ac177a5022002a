using System.Collections.Concurrent;
using Orders.Contracts.Configuration;
using Orders.Projections.Schema;

namespace Orders.Projections.Storage.Dialects;

/// <summary>
/// Every statement the read side runs, for one database: the read tables' DDL and row statements rendered from their
/// declarations (<see cref="ReadTable"/>), and the runtime's own statements (offsets, order states, status). The
/// statements below are standard SQL that SQLite, PostgreSQL and SQL Server all accept; a provider overrides one only
/// where its database differs, in its file beside this one. Parameters are named <c>@name</c> for every provider;
/// a rendered row's are <c>@column_row</c> (<see cref="ReadColumn.Parameter"/>).
/// </summary>
public abstract class ReadSideSql
{
    public static ReadSideSql For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteReadSideSql.Instance,
        DatabaseProvider.PostgreSql => PostgreSqlReadSideSql.Instance,
        DatabaseProvider.SqlServer => SqlServerReadSideSql.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    /// <summary>The most rows one rendered statement carries (parameters stay far below every provider's limit).</summary>
    public const int MaxRowsPerStatement = 64;

    /// <summary>Multi-row statements as rendered, by kind, table and row count: a commit takes them, it does not render them.</summary>
    private readonly ConcurrentDictionary<(string Kind, string Table, int Columns, string? Column, int Rows), string> _rendered = new();

    private string Rendered(string kind, ReadTable table, string? column, int rows, Func<string> render) =>
        _rendered.GetOrAdd((kind, table.Name, table.Columns.Count, column, rows), _ => render());

    // ---- DDL, rendered from the declarations ----

    /// <summary>The database's type for a column.</summary>
    public abstract string TypeOf(ColumnType type);

    /// <summary>Creates the table if it is missing (idempotent).</summary>
    public virtual string CreateTable(ReadTable table) => $"CREATE TABLE IF NOT EXISTS {table.Name} (\n{ColumnDefinitions(table)})";

    /// <summary>Creates the index if it is missing (idempotent).</summary>
    public virtual string CreateIndex(ReadTable table, ReadIndex index) =>
        $"CREATE INDEX IF NOT EXISTS {index.Name} ON {table.Name} ({ColumnList(index.Columns.Select(c => table[c]))})";

    /// <summary>Adds a (nullable) column to a table that may have rows: a migration's step.</summary>
    public virtual string AddColumn(ReadTable table, ReadColumn column) =>
        $"ALTER TABLE {table.Name} ADD COLUMN {column.Sql} {TypeOf(column.Type)} NULL";

    /// <summary>Statements as one migration script, separated as this database's migration runner expects.</summary>
    public virtual string Script(IEnumerable<string> statements) => string.Join(";\n", statements) + ";";

    /// <summary>
    /// Taken on a connection of its own while migrations run, so that nodes starting together do not run the same
    /// migration twice; <see cref="SchemaUnlock"/> gives it back. None where one process owns the database (SQLite).
    /// </summary>
    public virtual string? SchemaLock => null;

    /// <summary>Gives back <see cref="SchemaLock"/>.</summary>
    public virtual string? SchemaUnlock => null;

    /// <summary>DbUp's engine for this database: where it connects and where it records the versions applied.</summary>
    public abstract DbUp.Builder.UpgradeEngineBuilder Migrations(string connectionString, string versionsTable);

    /// <summary>Idempotent statements that create these tables and their indexes where they are missing.</summary>
    public IReadOnlyList<string> Schema(IEnumerable<ReadTable> tables) =>
        tables.SelectMany(table => table.Indexes.Select(index => CreateIndex(table, index)).Prepend(CreateTable(table))).ToList();

    protected string ColumnDefinitions(ReadTable table) =>
        string.Join(",\n", table.Columns.Select(c => $"    {c.Sql} {TypeOf(c.Type)} {(c.Nullable ? "NULL" : "NOT NULL")}")
            .Append($"    PRIMARY KEY ({ColumnList(table.Key)})"));

    public virtual string DropTableIfExists(ReadTable table) => $"DROP TABLE IF EXISTS {table.Name}";

    public string DeleteAllRows(ReadTable table) => $"DELETE FROM {table.Name}";

    /// <summary>Every row of one generation of a table into another (same declaration): a rebuild's swap.</summary>
    public string CopyAllRows(ReadTable from, ReadTable to) =>
        $"INSERT INTO {to.Name} ({ColumnList(to.Columns)}) SELECT {ColumnList(from.Columns)} FROM {from.Name}";

    // ---- Row statements, rendered from the declarations ----

    /// <summary>Inserts <paramref name="rows"/> rows in one statement.</summary>
    public string Insert(ReadTable table, int rows) => Rendered(nameof(Insert), table, null, rows, () =>
        $"INSERT INTO {table.Name} ({ColumnList(table.Columns)}) VALUES {RowValues(table.Columns, rows)}");

    /// <summary>Replaces the values of the row with a key (row 0's parameters).</summary>
    public string UpdateByKey(ReadTable table) =>
        $"UPDATE {table.Name} SET {string.Join(", ", table.Values.Select(c => $"{c.Sql} = {c.Parameter(0)}"))} WHERE {KeyMatches(table, 0)}";

    /// <summary>The rows whose <paramref name="column"/> equals row 0's parameter, in key order.</summary>
    public string SelectWhere(ReadTable table, string column) =>
        $"SELECT {ColumnList(table.Columns)} FROM {table.Name} WHERE {table[column].Sql} = {table[column].Parameter(0)} ORDER BY {ColumnList(table.Key)}";

    /// <summary>Deletes the rows whose <paramref name="column"/> is any of <paramref name="rows"/> values (rows' parameters of that column).</summary>
    public string DeleteWhereIn(ReadTable table, string column, int rows) => Rendered(nameof(DeleteWhereIn), table, column, rows, () =>
        $"DELETE FROM {table.Name} WHERE {table[column].Sql} IN ({string.Join(", ", Enumerable.Range(0, rows).Select(table[column].Parameter))})");

    /// <summary>
    /// Upserts <paramref name="rows"/> rows in one atomic statement: a row whose key is stored already is combined
    /// with it column by column as declared (<see cref="Merge"/>), so that workers of different slices can add to the
    /// same row at once. The rows of one statement must have distinct keys.
    /// </summary>
    public string AddTo(ReadTable table, int rows) => Rendered(nameof(AddTo), table, null, rows, () => RenderAddTo(table, rows));

    /// <summary>See <see cref="AddTo"/>. SQLite's and PostgreSQL's form: a multi-row INSERT whose conflicting rows merge into the stored ones.</summary>
    protected virtual string RenderAddTo(ReadTable table, int rows) =>
        $"""
        INSERT INTO {table.Name} AS t ({ColumnList(table.Columns)})
        VALUES {RowValues(table.Columns, rows)}
        ON CONFLICT ({ColumnList(table.Key)}) DO UPDATE SET
            {string.Join(",\n    ", table.Values.Select(c => $"{c.Sql} = {Merged(c, "t", "excluded")}"))}
        """;

    /// <summary>The combined value of a column: <paramref name="stored"/> and <paramref name="incoming"/> name the two rows.</summary>
    protected virtual string Merged(ReadColumn column, string stored, string incoming)
    {
        var (s, i) = ($"{stored}.{column.Sql}", $"{incoming}.{column.Sql}");
        return column.Merge switch
        {
            Merge.Replace => i,
            Merge.Sum when column.Type.Kind == ColumnKind.Money => $"ROUND({s} + {i}, 2)",
            Merge.Sum => $"{s} + {i}",
            Merge.Latest => $"CASE WHEN {i} IS NULL THEN {s} WHEN {s} IS NULL OR {i} > {s} THEN {i} ELSE {s} END",
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Merge, "unknown merge"),
        };
    }

    protected static string ColumnList(IEnumerable<ReadColumn> columns) => string.Join(", ", columns.Select(c => c.Sql));

    protected static string RowValues(IReadOnlyList<ReadColumn> columns, int rows) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(row => $"({string.Join(", ", columns.Select(c => c.Parameter(row)))})"));

    private static string KeyMatches(ReadTable table, int row) =>
        string.Join(" AND ", table.Key.Select(c => $"{c.Sql} = {c.Parameter(row)}"));

    /// <summary>
    /// How many rows each statement of a multi-row write carries: powers of two, largest first (13 rows: 8, 4, 1), so
    /// that a table has a handful of distinct statement texts, each of which the database prepares once.
    /// </summary>
    public static IEnumerable<int> StatementSizes(int rows)
    {
        while (rows > 0)
        {
            var size = Math.Min(MaxRowsPerStatement, 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)rows)));
            yield return size;
            rows -= size;
        }
    }

    // ---- The runtime's statements: offsets, order states, status ----

    public virtual string SelectOffset =>
        "SELECT \"offset\" FROM projection_offsets WHERE projection = @projection AND slice = @slice";

    public virtual string InsertOffsetIfMissing =>
        """
        INSERT INTO projection_offsets (projection, slice, "offset", updated_at)
        SELECT @projection, @slice, 0, @now
        WHERE NOT EXISTS (SELECT 1 FROM projection_offsets WHERE projection = @projection AND slice = @slice)
        """;

    /// <summary>
    /// Never moves an offset backwards (a stale second worker would otherwise rewind it), and never while an operator
    /// has asked the worker to pause: it is every commit's last statement, so its one row changed is the commit's
    /// permission — none, and the commit rolls back, whatever the worker's own bookkeeping says.
    /// </summary>
    public virtual string UpdateOffset =>
        """
        UPDATE projection_offsets SET "offset" = @offset, updated_at = @now
        WHERE projection = @projection AND slice = @slice AND "offset" <= @offset
          AND NOT EXISTS (SELECT 1 FROM projection_status s
                          WHERE s.projection = @projection AND s.slice = @slice AND s.desired_state = @paused)
        """;

    /// <summary>Moves an offset anywhere, backwards included: reset and rebuild.</summary>
    public virtual string SetOffset =>
        "UPDATE projection_offsets SET \"offset\" = @offset, updated_at = @now WHERE projection = @projection AND slice = @slice";

    public virtual string SelectOrderStates(int count) =>
        $"SELECT order_id, version, state FROM projection_order_state WHERE projection = @projection AND order_id IN ({NumberedParameters(count)})";

    public virtual string SelectOrderVersions(int count) =>
        $"SELECT order_id, version FROM projection_order_state WHERE projection = @projection AND order_id IN ({NumberedParameters(count)})";

    /// <summary>@o0, @o1, …: the values of an IN list.</summary>
    private static string NumberedParameters(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@o{i}"));

    /// <summary>Only where the order has no state yet: a writer that thought so wrongly changes no row, and its batch rolls back.</summary>
    public virtual string InsertOrderState =>
        """
        INSERT INTO projection_order_state (projection, order_id, version, state)
        SELECT @projection, @order_id, @version, @state
        WHERE NOT EXISTS (SELECT 1 FROM projection_order_state WHERE projection = @projection AND order_id = @order_id)
        """;

    /// <summary>Conditional on the version read: a concurrent writer makes it change no row, and the batch rolls back.</summary>
    public virtual string UpdateOrderState =>
        """
        UPDATE projection_order_state SET version = @version, state = @state
        WHERE projection = @projection AND order_id = @order_id AND version = @expected_version
        """;

    public virtual string InsertStatusIfMissing =>
        """
        INSERT INTO projection_status (projection, slice, desired_state, state, recovered_events, updated_at)
        SELECT @projection, @slice, @running, @starting, 0, @now
        WHERE NOT EXISTS (SELECT 1 FROM projection_status WHERE projection = @projection AND slice = @slice)
        """;

    public virtual string SelectStatus =>
        """
        SELECT s.projection, s.slice, s.desired_state, s.state, s.last_error, s.error_persistence_id,
               s.error_sequence_nr, s.recovered_events, s.updated_at, o."offset"
        FROM projection_status s
        LEFT JOIN projection_offsets o ON o.projection = s.projection AND o.slice = s.slice
        ORDER BY s.projection, s.slice
        """;

    /// <summary>Sets a worker's state; an error given replaces the last one, none keeps it (the last error stays visible).</summary>
    public virtual string UpdateWorkerState =>
        """
        UPDATE projection_status SET state = @state, last_error = COALESCE(@last_error, last_error),
            error_persistence_id = COALESCE(@error_persistence_id, error_persistence_id),
            error_sequence_nr = COALESCE(@error_sequence_nr, error_sequence_nr), updated_at = @now
        WHERE projection = @projection AND slice = @slice
        """;

    public virtual string AddRecoveredEvents =>
        """
        UPDATE projection_status SET recovered_events = recovered_events + @count, updated_at = @now
        WHERE projection = @projection AND slice = @slice
        """;

    /// <summary>What an operator asked of one worker; read inside every commit transaction, so that none lands after a pause.</summary>
    public virtual string SelectDesiredState =>
        "SELECT desired_state FROM projection_status WHERE projection = @projection AND slice = @slice";

    /// <summary>
    /// An operator's request; asking a failed worker to run marks it for a fresh start. It leaves <c>updated_at</c>
    /// alone: that is the workers' heartbeat, and a request must not make a stopped worker look alive.
    /// </summary>
    public virtual string SetDesiredState(bool oneSlice) =>
        $"""
        UPDATE projection_status SET desired_state = @desired_state,
            state = CASE WHEN state = @failed AND @desired_state = @running THEN @starting ELSE state END
        WHERE projection = @projection{(oneSlice ? " AND slice = @slice" : "")}
        """;

    // ---- Rebuild: the shadow generation's runtime rows ----

    /// <summary>A projection's rows in one of the runtime tables (offsets, order states, status).</summary>
    public string DeleteProjectionRows(ReadTable runtimeTable) => $"DELETE FROM {runtimeTable.Name} WHERE projection = @projection";

    public virtual string RenameProjectionStates =>
        "UPDATE projection_order_state SET projection = @live WHERE projection = @shadow";

    public virtual string CopyOffsets =>
        """
        UPDATE projection_offsets SET updated_at = @now, "offset" =
            (SELECT s."offset" FROM projection_offsets s WHERE s.projection = @shadow AND s.slice = projection_offsets.slice)
        WHERE projection = @live
          AND EXISTS (SELECT 1 FROM projection_offsets s WHERE s.projection = @shadow AND s.slice = projection_offsets.slice)
        """;

    // ---- Readers of the live tables ----

    /// <summary>One page of <c>order_summary</c> in order-id order, after a key (keyset paging), optionally filtered.</summary>
    public virtual string SelectOrdersPage(bool byCustomer, bool byStatus) =>
        $"""
        SELECT {OrderSummaryColumns}
        FROM order_summary
        WHERE order_id > @after{OrdersPageFilter(byCustomer, byStatus)}
        ORDER BY order_id
        LIMIT @limit
        """;

    /// <summary>
    /// A customer's orders newest first (creation time, then order id, both descending), a page at a time: with
    /// <paramref name="afterOrder"/>, those that come after that order of the same listing (keyset paging).
    /// </summary>
    public virtual string SelectCustomerOrdersNewestFirst(bool afterOrder) =>
        $"""
        SELECT {OrderSummaryColumns}
        FROM order_summary
        WHERE customer_id = @customer_id{NewestFirstAfter(afterOrder)}
        ORDER BY created_at DESC, order_id DESC
        LIMIT @limit
        """;

    /// <summary>
    /// After order <c>@before</c> of the customer's listing: created no later than it (a bound the index
    /// <c>ix_order_summary_customer_created</c> seeks to), and at its very time, with a lower id. An order that is not the
    /// customer's bounds nothing: the page is empty.
    /// </summary>
    protected static string NewestFirstAfter(bool afterOrder) => afterOrder
        ? """

            AND created_at <= (SELECT b.created_at FROM order_summary b WHERE b.order_id = @before AND b.customer_id = @customer_id)
            AND (created_at < (SELECT b.created_at FROM order_summary b WHERE b.order_id = @before AND b.customer_id = @customer_id)
                 OR order_id < @before)
          """
        : "";

    protected const string OrderSummaryColumns =
        "order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at, shipped_at, delivered_at, cancelled_at, version, updated_at, "
        + "sales_channel, payment_reference";

    protected static string OrdersPageFilter(bool byCustomer, bool byStatus) =>
        (byCustomer ? " AND customer_id = @customer_id" : "") + (byStatus ? " AND status = @status" : "");

    public virtual string SelectAllOrderIds => "SELECT order_id FROM order_summary";

    public virtual string SelectAllCustomerIds => "SELECT customer_id FROM customer_orders";

    public virtual string SelectCustomerOrders =>
        "SELECT customer_id, order_count, open_count, total_spent, last_order_at FROM customer_orders WHERE customer_id = @customer_id";

    public virtual string SelectProductSales =>
        "SELECT day, sku, quantity_sold, revenue FROM product_sales_daily ORDER BY day, sku";

    // ---- Over the journal's own tables (Akka.Persistence.Sql's schema): how far each slice's stream reaches ----

    /// <summary>Events of a tag after an offset: how many, the last ordering number, the oldest one's time (UTC ticks).</summary>
    public virtual string SelectTagBacklog =>
        """
        SELECT COUNT(*), MAX(t.ordering_id), MIN(j.created)
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset
        """;

    /// <summary>The ordering numbers of a tag's events in a range, from the tags table alone.</summary>
    public virtual string SelectTagOrderings =>
        "SELECT ordering_id FROM tags WHERE tag = @tag AND ordering_id > @after AND ordering_id <= @up_to ORDER BY ordering_id";

    /// <summary>
    /// A tag's stored events at <paramref name="count"/> ordering numbers (<c>@o0</c>…), oldest first, with what it
    /// takes to deserialize them; never a logically deleted one (<c>@deleted</c> is false), which no read delivers.
    /// </summary>
    public virtual string SelectTaggedEventsAt(int count) =>
        $"""
        SELECT t.ordering_id, t.persistence_id, t.sequence_nr, j.identifier, j.manifest, j.message, j.created
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id IN ({NumberedParameters(count)}) AND j.deleted = @deleted ORDER BY t.ordering_id
        """;

    /// <summary>
    /// A tag's stored events in (<c>@after</c>, <c>@up_to</c>], oldest first, at most <c>@limit</c> of them, with what it
    /// takes to deserialize them (the columns of <see cref="SelectTaggedEventsAt"/>); never a logically deleted one.
    /// </summary>
    public virtual string SelectTaggedEventsBetween =>
        """
        SELECT t.ordering_id, j.persistence_id, j.sequence_number, j.identifier, j.manifest, j.message, j.created
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @after AND t.ordering_id <= @up_to AND j.deleted = @deleted
        ORDER BY t.ordering_id LIMIT @limit
        """;

    /// <summary>
    /// The highest journal ordering number in (<c>@after</c>, <c>@up_to</c>] and how many the range holds: when the
    /// count fills the range, no write in it is still in flight (<see cref="Runtime.JournalFrontier"/>).
    /// </summary>
    public virtual string SelectOrderingSpan =>
        "SELECT MAX(ordering), COUNT(*) FROM journal WHERE ordering > @after AND ordering <= @up_to";

    /// <summary>The journal's ordering numbers in (<c>@after</c>, <c>@up_to</c>], lowest first, at most <c>@limit</c>: where its gaps are.</summary>
    public virtual string SelectJournalOrderings =>
        "SELECT ordering FROM journal WHERE ordering > @after AND ordering <= @up_to ORDER BY ordering LIMIT @limit";

    /// <summary>
    /// The journal's ordering numbers within <paramref name="ranges"/> ranges [<c>@lo0</c>, <c>@hi0</c>] …, lowest first,
    /// at most <c>@limit</c>: which numbers the frontier waits for have committed.
    /// </summary>
    public virtual string SelectOrderingsInRanges(int ranges) =>
        $"SELECT ordering FROM journal WHERE {OrderingRanges(ranges)} ORDER BY ordering LIMIT @limit";

    protected static string OrderingRanges(int ranges) =>
        string.Join(" OR ", Enumerable.Range(0, ranges).Select(i => $"(ordering >= @lo{i} AND ordering <= @hi{i})"));

    /// <summary>
    /// A persistence id's stored events with sequence numbers in [<c>@from</c>, <c>@to</c>], oldest first (the columns
    /// of <see cref="SelectTaggedEventsAt"/>); never a logically deleted one. The journal's unique key on
    /// (persistence id, sequence number) serves it.
    /// </summary>
    public virtual string SelectEventsOfPersistenceId =>
        """
        SELECT ordering, persistence_id, sequence_number, identifier, manifest, message, created
        FROM journal
        WHERE persistence_id = @pid AND sequence_number >= @from AND sequence_number <= @to AND deleted = @deleted
        ORDER BY sequence_number
        """;

    /// <summary>Stored events of a tag after an offset, oldest first, with what it takes to deserialize them.</summary>
    public virtual string SelectTaggedEventsAfter =>
        """
        SELECT t.persistence_id, t.sequence_nr, j.identifier, j.manifest, j.message
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset ORDER BY t.ordering_id LIMIT @limit
        """;
}
