using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orders.Cluster.Database;

namespace Orders.Projections.Storage;

public sealed class SqliteReadModelDialect : ReadModelDialect
{
    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public override string PrepareConnectionString(string connectionString) => SqliteFiles.Prepare(connectionString);

    public override IReadOnlyList<string> SchemaStatements { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS order_summary (
            order_id TEXT NOT NULL PRIMARY KEY,
            customer_id TEXT NOT NULL,
            status TEXT NOT NULL,
            line_count INTEGER NOT NULL,
            total_amount NUMERIC NOT NULL,
            currency TEXT NOT NULL,
            created_at TEXT NOT NULL,
            paid_at TEXT NULL,
            shipped_at TEXT NULL,
            delivered_at TEXT NULL,
            cancelled_at TEXT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_order_summary_customer ON order_summary (customer_id, order_id)",
        """
        CREATE TABLE IF NOT EXISTS order_lines (
            order_id TEXT NOT NULL,
            sku TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            unit_price NUMERIC NOT NULL,
            line_total NUMERIC NOT NULL,
            PRIMARY KEY (order_id, sku))
        """,
        """
        CREATE TABLE IF NOT EXISTS projection_offsets (
            projection TEXT NOT NULL,
            slice INTEGER NOT NULL,
            "offset" INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (projection, slice))
        """,
    ];
}
