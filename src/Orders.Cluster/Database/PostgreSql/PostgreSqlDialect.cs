using System.Data.Common;
using LinqToDB;
using Npgsql;
using Orders.Cluster.Configuration;

namespace Orders.Cluster.Database.PostgreSql;

public sealed class PostgreSqlDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string JournalProviderName => ProviderName.PostgreSQL15;

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <summary>
    /// Npgsql prepares the read side's statements once they have run twice on a connection (unless the connection
    /// string says otherwise): the benchmark's rebuild of 62 000 events took 9.0 s instead of 15.1 s. The journal's
    /// connection keeps Npgsql's default; its writes measured no gain.
    /// </summary>
    public override string PrepareReadModelConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>A transaction-scoped advisory lock; the key is this application's (any constant unique to it).</summary>
    public override string ReadModelSchemaLock => "SELECT pg_advisory_xact_lock(4711000001)";

    public override IReadOnlyList<string> ReadModelSchema { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS order_summary (
            order_id varchar(64) NOT NULL PRIMARY KEY,
            customer_id varchar(64) NOT NULL,
            status varchar(16) NOT NULL,
            line_count integer NOT NULL,
            total_amount numeric(18,2) NOT NULL,
            currency char(3) NOT NULL,
            created_at timestamptz NOT NULL,
            paid_at timestamptz NULL,
            shipped_at timestamptz NULL,
            delivered_at timestamptz NULL,
            cancelled_at timestamptz NULL,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_order_summary_customer ON order_summary (customer_id, order_id)",
        """
        CREATE TABLE IF NOT EXISTS order_lines (
            order_id varchar(64) NOT NULL,
            sku varchar(64) NOT NULL,
            quantity integer NOT NULL,
            unit_price numeric(18,2) NOT NULL,
            line_total numeric(18,2) NOT NULL,
            PRIMARY KEY (order_id, sku))
        """,
        """
        CREATE TABLE IF NOT EXISTS projection_offsets (
            projection varchar(64) NOT NULL,
            slice integer NOT NULL,
            "offset" bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (projection, slice))
        """,
        """
        CREATE TABLE IF NOT EXISTS customer_orders (
            customer_id varchar(64) NOT NULL PRIMARY KEY,
            order_count integer NOT NULL,
            open_count integer NOT NULL,
            total_spent numeric(18,2) NOT NULL,
            last_order_at timestamptz NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS product_sales_daily (
            day date NOT NULL,
            sku varchar(64) NOT NULL,
            quantity_sold bigint NOT NULL,
            revenue numeric(18,2) NOT NULL,
            PRIMARY KEY (day, sku))
        """,
        """
        CREATE TABLE IF NOT EXISTS projection_order_state (
            projection varchar(64) NOT NULL,
            order_id varchar(64) NOT NULL,
            version bigint NOT NULL,
            state text NOT NULL,
            PRIMARY KEY (projection, order_id))
        """,
        """
        CREATE TABLE IF NOT EXISTS projection_status (
            projection varchar(64) NOT NULL,
            slice integer NOT NULL,
            desired_state varchar(16) NOT NULL,
            state varchar(16) NOT NULL,
            last_error text NULL,
            error_persistence_id varchar(255) NULL,
            error_sequence_nr bigint NULL,
            recovered_events bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (projection, slice))
        """,
    ];
}
