using System.Data.Common;
using Orders.Cluster.Configuration;
using Orders.Cluster.Database.PostgreSql;
using Orders.Cluster.Database.Sqlite;
using Orders.Cluster.Database.SqlServer;

namespace Orders.Cluster.Database;

/// <summary>
/// Everything that differs between the supported databases, for the journal and the read tables alike: the
/// Akka.Persistence.Sql provider, how to connect, the read tables' DDL, and any statement that is not standard
/// SQL. Each database has one folder beside this file; supporting another means adding one.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The linq2db provider name Akka.Persistence.Sql uses for the journal and the snapshot store.</summary>
    public abstract string JournalProviderName { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Idempotent statements that create the read tables and their indexes if they are missing.</summary>
    public abstract IReadOnlyList<string> ReadModelSchema { get; }

    /// <summary>
    /// Taken (inside the transaction that runs <see cref="ReadModelSchema"/>) so that nodes starting together do not
    /// race each other's <c>CREATE TABLE IF NOT EXISTS</c>; held until that transaction ends. None where the database
    /// serializes writers anyway.
    /// </summary>
    public virtual string? ReadModelSchemaLock => null;

    /// <summary>
    /// Turns a configured connection string into the one to connect with, preparing the database if that is the
    /// provider's job (SQLite: the folder, write-ahead logging, a busy timeout).
    /// </summary>
    public virtual string PrepareConnectionString(string connectionString) => connectionString;

    /// <summary>The read tables' connection string: the read side runs the same few statements over and over.</summary>
    public virtual string PrepareReadModelConnectionString(string connectionString) => PrepareConnectionString(connectionString);

    /// <summary>
    /// True when the database lets one writer at a time into it (SQLite). Writers in one process then queue for it
    /// asynchronously instead of blocking threads in the driver's busy-wait.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Whether the journal inserts a batch's tagged rows in one statement (and their tags in another) instead of row
    /// by row: measured faster on PostgreSQL; SQLite's single writer gained nothing measurable, so it keeps the plugin's default.
    /// </summary>
    public virtual bool BatchesTaggedInserts => true;

    /// <summary>Where the read tables live when no separate read-model connection string is configured.</summary>
    public virtual string DefaultReadModelConnectionString(string journalConnectionString) => journalConnectionString;

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.PostgreSql => new PostgreSqlDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    /// <summary>One trivial round trip: can the database be reached now?</summary>
    public async Task PingAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    // The statements below are standard SQL that SQLite, PostgreSQL and SQL Server all accept; a dialect
    // overrides one only where its database differs. Parameters are named @name for every provider.

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
                          WHERE s.projection = @projection AND s.slice = @slice AND s.desired_state = 'paused')
        """;

    /// <summary>Moves an offset anywhere, backwards included: reset and rebuild.</summary>
    public virtual string SetOffset =>
        "UPDATE projection_offsets SET \"offset\" = @offset, updated_at = @now WHERE projection = @projection AND slice = @slice";

    public virtual string SelectOrderStates(int count) =>
        $"SELECT order_id, version, state FROM projection_order_state WHERE projection = @projection AND order_id IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@o{i}"))})";

    public virtual string SelectOrderVersions(int count) =>
        $"SELECT order_id, version FROM projection_order_state WHERE projection = @projection AND order_id IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@o{i}"))})";

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

    // Counters add in one atomic statement so that workers of different slices can add to the same row at once.
    // ON CONFLICT is SQLite's and PostgreSQL's; SQL Server overrides these with MERGE.

    public virtual string AddCustomerOrders =>
        """
        INSERT INTO customer_orders (customer_id, order_count, open_count, total_spent, last_order_at)
        VALUES (@customer_id, @order_count, @open_count, @total_spent, @last_order_at)
        ON CONFLICT (customer_id) DO UPDATE SET
            order_count = customer_orders.order_count + excluded.order_count,
            open_count = customer_orders.open_count + excluded.open_count,
            total_spent = ROUND(customer_orders.total_spent + excluded.total_spent, 2),
            last_order_at = CASE WHEN excluded.last_order_at IS NULL THEN customer_orders.last_order_at
                                 WHEN customer_orders.last_order_at IS NULL
                                      OR excluded.last_order_at > customer_orders.last_order_at THEN excluded.last_order_at
                                 ELSE customer_orders.last_order_at END
        """;

    public virtual string AddProductSales =>
        """
        INSERT INTO product_sales_daily (day, sku, quantity_sold, revenue)
        VALUES (@day, @sku, @quantity_sold, @revenue)
        ON CONFLICT (day, sku) DO UPDATE SET
            quantity_sold = product_sales_daily.quantity_sold + excluded.quantity_sold,
            revenue = ROUND(product_sales_daily.revenue + excluded.revenue, 2)
        """;

    // Over the journal's own tables (Akka.Persistence.Sql's schema): how far each slice's stream reaches.

    /// <summary>Events of a tag after an offset: how many, the last ordering number, the oldest one's time (UTC ticks).</summary>
    public virtual string SelectTagBacklog =>
        """
        SELECT COUNT(*), MAX(t.ordering_id), MIN(j.created)
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset
        """;

    /// <summary>Stored events of a tag after an offset, oldest first, with what it takes to deserialize them.</summary>
    public virtual string SelectTaggedEventsAfter =>
        """
        SELECT t.persistence_id, t.sequence_nr, j.identifier, j.manifest, j.message
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset ORDER BY t.ordering_id LIMIT @limit
        """;

    /// <summary>One page of <c>order_summary</c> in order-id order, after a key (keyset paging), optionally filtered.</summary>
    public virtual string SelectOrdersPage(bool byCustomer, bool byStatus) =>
        $"""
        SELECT order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at,
               shipped_at, delivered_at, cancelled_at, version, updated_at
        FROM order_summary
        WHERE order_id > @after{(byCustomer ? " AND customer_id = @customer_id" : "")}{(byStatus ? " AND status = @status" : "")}
        ORDER BY order_id
        LIMIT @limit
        """;

    /// <summary>
    /// The benchmark's baseline: <paramref name="rows"/> journal rows in one statement (parameters <c>@p{i}</c>,
    /// <c>@s{i}</c>, <c>@m{i}</c>, <c>@c{i}</c> and shared <c>@manifest</c>, <c>@identifier</c>, <c>@writer</c>),
    /// answering each row's ordering with its key.
    /// </summary>
    public virtual string InsertJournalRowsReturningOrdering(int rows) =>
        $"{InsertJournalRowsInto} VALUES {JournalRowValues(rows)} RETURNING ordering, persistence_id, sequence_number";

    protected const string InsertJournalRowsInto =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)";

    /// <summary>The VALUES rows of <see cref="InsertJournalRowsReturningOrdering"/>.</summary>
    protected static string JournalRowValues(int rows) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@c{i}, @deleted, @p{i}, @s{i}, @m{i}, @manifest, @identifier, @writer)"));

    /// <summary>The tag row of a journal row (tests and tools that write rows the way the journal plugin does).</summary>
    public virtual string InsertTagRow =>
        "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (@ordering, @tag, @seq, @pid)";

    /// <summary>Every stored event, oldest first, with what it takes to deserialize it.</summary>
    public virtual string SelectJournalRows =>
        "SELECT ordering, persistence_id, sequence_number, identifier, manifest, message FROM journal ORDER BY ordering";

    /// <summary>Every stored snapshot, with what it takes to deserialize it.</summary>
    public virtual string SelectSnapshotRows =>
        "SELECT persistence_id, sequence_number, serializer_id, manifest, snapshot FROM snapshot ORDER BY persistence_id, sequence_number";

    public virtual string SelectAllOrderIds => "SELECT order_id FROM order_summary";

    public virtual string SelectAllCustomerIds => "SELECT customer_id FROM customer_orders";

    public virtual string SelectCustomerOrders =>
        "SELECT customer_id, order_count, open_count, total_spent, last_order_at FROM customer_orders WHERE customer_id = @customer_id";

    public virtual string SelectProductSales =>
        "SELECT day, sku, quantity_sold, revenue FROM product_sales_daily ORDER BY day, sku";

    public virtual string InsertStatusIfMissing =>
        """
        INSERT INTO projection_status (projection, slice, desired_state, state, recovered_events, updated_at)
        SELECT @projection, @slice, 'running', 'starting', 0, @now
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
    public virtual string SetDesiredState =>
        """
        UPDATE projection_status SET desired_state = @desired_state,
            state = CASE WHEN state = 'failed' AND @desired_state = 'running' THEN 'starting' ELSE state END
        WHERE projection = @projection
        """;

    public virtual string SetDesiredStateOfSlice =>
        """
        UPDATE projection_status SET desired_state = @desired_state,
            state = CASE WHEN state = 'failed' AND @desired_state = 'running' THEN 'starting' ELSE state END
        WHERE projection = @projection AND slice = @slice
        """;

    // Rebuild: a shadow generation of a projection's tables is filled beside the live one, then copied over it in
    // one transaction (readers see the old rows until it commits), and dropped. Table names come from the
    // projections' fixed lists, never from input.

    public virtual string DropTableIfExists(string table) => $"DROP TABLE IF EXISTS {table}";

    public virtual string DeleteAllRows(string table) => $"DELETE FROM {table}";

    public virtual string CopyAllRows(string from, string to) => $"INSERT INTO {to} SELECT * FROM {from}";

    public virtual string DeleteProjectionRows(string table) => $"DELETE FROM {table} WHERE projection = @projection";

    public virtual string RenameProjectionStates =>
        "UPDATE projection_order_state SET projection = @live WHERE projection = @shadow";

    public virtual string CopyOffsets =>
        """
        UPDATE projection_offsets SET updated_at = @now, "offset" =
            (SELECT s."offset" FROM projection_offsets s WHERE s.projection = @shadow AND s.slice = projection_offsets.slice)
        WHERE projection = @live
          AND EXISTS (SELECT 1 FROM projection_offsets s WHERE s.projection = @shadow AND s.slice = projection_offsets.slice)
        """;

    public virtual string SelectOrderSummary =>
        """
        SELECT order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at,
               shipped_at, delivered_at, cancelled_at, version, updated_at
        FROM order_summary WHERE order_id = @order_id
        """;

    public virtual string SelectOrderLines =>
        "SELECT order_id, sku, quantity, unit_price, line_total FROM order_lines WHERE order_id = @order_id ORDER BY sku";

    public virtual string InsertOrderSummary =>
        """
        INSERT INTO order_summary (order_id, customer_id, status, line_count, total_amount, currency, created_at,
            paid_at, shipped_at, delivered_at, cancelled_at, version, updated_at)
        VALUES (@order_id, @customer_id, @status, @line_count, @total_amount, @currency, @created_at,
            @paid_at, @shipped_at, @delivered_at, @cancelled_at, @version, @updated_at)
        """;

    public virtual string UpdateOrderSummary =>
        """
        UPDATE order_summary SET customer_id = @customer_id, status = @status, line_count = @line_count,
            total_amount = @total_amount, currency = @currency, created_at = @created_at, paid_at = @paid_at,
            shipped_at = @shipped_at, delivered_at = @delivered_at, cancelled_at = @cancelled_at,
            version = @version, updated_at = @updated_at
        WHERE order_id = @order_id
        """;

    public virtual string DeleteOrderLines => "DELETE FROM order_lines WHERE order_id = @order_id";

    public virtual string InsertOrderLine =>
        """
        INSERT INTO order_lines (order_id, sku, quantity, unit_price, line_total)
        VALUES (@order_id, @sku, @quantity, @unit_price, @line_total)
        """;
}
