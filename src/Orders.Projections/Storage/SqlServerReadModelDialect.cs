using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Orders.Projections.Storage;

public sealed class SqlServerReadModelDialect : ReadModelDialect
{
    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override IReadOnlyList<string> SchemaStatements { get; } =
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
    ];
}
