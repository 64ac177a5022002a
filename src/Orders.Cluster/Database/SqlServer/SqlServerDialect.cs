using System.Data.Common;
using LinqToDB;
using Microsoft.Data.SqlClient;
using Orders.Cluster.Configuration;

namespace Orders.Cluster.Database.SqlServer;

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string JournalProviderName => ProviderName.SqlServer2022;

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override string InsertJournalRowsReturningOrdering(int rows) =>
        $"{InsertJournalRowsInto} OUTPUT INSERTED.ordering, INSERTED.persistence_id, INSERTED.sequence_number VALUES {JournalRowValues(rows)}";

    public override string ReadModelSchemaLock =>
        "EXEC sp_getapplock @Resource = N'orders-read-schema', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000";

    public override IReadOnlyList<string> ReadModelSchema { get; } =
    [
        """
        IF OBJECT_ID(N'dbo.order_summary', N'U') IS NULL
        CREATE TABLE dbo.order_summary (
            order_id nvarchar(64) NOT NULL PRIMARY KEY,
            customer_id nvarchar(64) NOT NULL,
            status nvarchar(16) NOT NULL,
            line_count int NOT NULL,
            total_amount decimal(18,2) NOT NULL,
            currency nchar(3) NOT NULL,
            created_at datetimeoffset NOT NULL,
            paid_at datetimeoffset NULL,
            shipped_at datetimeoffset NULL,
            delivered_at datetimeoffset NULL,
            cancelled_at datetimeoffset NULL,
            version bigint NOT NULL,
            updated_at datetimeoffset NOT NULL)
        """,
        """
        IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_order_summary_customer')
        CREATE INDEX ix_order_summary_customer ON dbo.order_summary (customer_id, order_id)
        """,
        """
        IF OBJECT_ID(N'dbo.order_lines', N'U') IS NULL
        CREATE TABLE dbo.order_lines (
            order_id nvarchar(64) NOT NULL,
            sku nvarchar(64) NOT NULL,
            quantity int NOT NULL,
            unit_price decimal(18,2) NOT NULL,
            line_total decimal(18,2) NOT NULL,
            PRIMARY KEY (order_id, sku))
        """,
        """
        IF OBJECT_ID(N'dbo.projection_offsets', N'U') IS NULL
        CREATE TABLE dbo.projection_offsets (
            projection nvarchar(64) NOT NULL,
            slice int NOT NULL,
            "offset" bigint NOT NULL,
            updated_at datetimeoffset NOT NULL,
            PRIMARY KEY (projection, slice))
        """,
        """
        IF OBJECT_ID(N'dbo.customer_orders', N'U') IS NULL
        CREATE TABLE dbo.customer_orders (
            customer_id nvarchar(64) NOT NULL PRIMARY KEY,
            order_count int NOT NULL,
            open_count int NOT NULL,
            total_spent decimal(18,2) NOT NULL,
            last_order_at datetimeoffset NULL)
        """,
        """
        IF OBJECT_ID(N'dbo.product_sales_daily', N'U') IS NULL
        CREATE TABLE dbo.product_sales_daily (
            day date NOT NULL,
            sku nvarchar(64) NOT NULL,
            quantity_sold bigint NOT NULL,
            revenue decimal(18,2) NOT NULL,
            PRIMARY KEY (day, sku))
        """,
        """
        IF OBJECT_ID(N'dbo.projection_order_state', N'U') IS NULL
        CREATE TABLE dbo.projection_order_state (
            projection nvarchar(64) NOT NULL,
            order_id nvarchar(64) NOT NULL,
            version bigint NOT NULL,
            state nvarchar(max) NOT NULL,
            PRIMARY KEY (projection, order_id))
        """,
        """
        IF OBJECT_ID(N'dbo.projection_status', N'U') IS NULL
        CREATE TABLE dbo.projection_status (
            projection nvarchar(64) NOT NULL,
            slice int NOT NULL,
            desired_state nvarchar(16) NOT NULL,
            state nvarchar(16) NOT NULL,
            last_error nvarchar(max) NULL,
            error_persistence_id nvarchar(255) NULL,
            error_sequence_nr bigint NULL,
            recovered_events bigint NOT NULL,
            updated_at datetimeoffset NOT NULL,
            PRIMARY KEY (projection, slice))
        """,
    ];

    // Two workers for the same (projection, slice) must never both insert: the range lock taken by UPDLOCK and
    // HOLDLOCK makes the existence check and the insert one atomic step under read-committed isolation.
    public override string InsertOffsetIfMissing =>
        """
        INSERT INTO projection_offsets (projection, slice, "offset", updated_at)
        SELECT @projection, @slice, 0, @now
        WHERE NOT EXISTS (SELECT 1 FROM projection_offsets WITH (UPDLOCK, HOLDLOCK)
                          WHERE projection = @projection AND slice = @slice)
        """;

    public override string AddCustomerOrders =>
        """
        MERGE customer_orders WITH (HOLDLOCK) AS t
        USING (SELECT @customer_id AS customer_id) AS s ON t.customer_id = s.customer_id
        WHEN MATCHED THEN UPDATE SET
            order_count = t.order_count + @order_count,
            open_count = t.open_count + @open_count,
            total_spent = t.total_spent + @total_spent,
            last_order_at = CASE WHEN @last_order_at IS NULL THEN t.last_order_at
                                 WHEN t.last_order_at IS NULL OR @last_order_at > t.last_order_at THEN @last_order_at
                                 ELSE t.last_order_at END
        WHEN NOT MATCHED THEN INSERT (customer_id, order_count, open_count, total_spent, last_order_at)
            VALUES (@customer_id, @order_count, @open_count, @total_spent, @last_order_at);
        """;

    public override string AddProductSales =>
        """
        MERGE product_sales_daily WITH (HOLDLOCK) AS t
        USING (SELECT @day AS day, @sku AS sku) AS s ON t.day = s.day AND t.sku = s.sku
        WHEN MATCHED THEN UPDATE SET quantity_sold = t.quantity_sold + @quantity_sold, revenue = t.revenue + @revenue
        WHEN NOT MATCHED THEN INSERT (day, sku, quantity_sold, revenue) VALUES (@day, @sku, @quantity_sold, @revenue);
        """;

    public override string SelectTaggedEventsAfter =>
        """
        SELECT TOP (@limit) t.persistence_id, t.sequence_nr, j.identifier, j.manifest, j.message
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = @tag AND t.ordering_id > @offset ORDER BY t.ordering_id
        """;

    public override string SelectOrdersPage(bool byCustomer, bool byStatus) =>
        $"""
        SELECT TOP (@limit) order_id, customer_id, status, line_count, total_amount, currency, created_at, paid_at,
               shipped_at, delivered_at, cancelled_at, version, updated_at
        FROM order_summary
        WHERE order_id > @after{(byCustomer ? " AND customer_id = @customer_id" : "")}{(byStatus ? " AND status = @status" : "")}
        ORDER BY order_id
        """;
}
