using System.Data.Common;
using Orders.Cluster.Configuration;

namespace Orders.Projections.Storage;

/// <summary>
/// Everything about the read tables that differs between databases: how to connect, the DDL, and paging.
/// The statements the projections run are written once, in SQL that every supported database accepts.
/// </summary>
public abstract class ReadModelDialect
{
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Idempotent statements that create the read tables and their indexes if they are missing.</summary>
    public abstract IReadOnlyList<string> SchemaStatements { get; }

    /// <summary>Turns a connection string from configuration into the one this dialect connects with.</summary>
    public virtual string PrepareConnectionString(string connectionString) => connectionString;

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

    public virtual string UpdateOffset =>
        "UPDATE projection_offsets SET \"offset\" = @offset, updated_at = @now WHERE projection = @projection AND slice = @slice";

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

    public static ReadModelDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteReadModelDialect(),
        DatabaseProvider.PostgreSql => new PostgreSqlReadModelDialect(),
        DatabaseProvider.SqlServer => new SqlServerReadModelDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };
}
