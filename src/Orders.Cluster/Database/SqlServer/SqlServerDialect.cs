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
}
