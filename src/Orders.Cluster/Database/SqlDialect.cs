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
    /// Turns a configured connection string into the one to connect with, preparing the database if that is the
    /// provider's job (SQLite: the folder, write-ahead logging, a busy timeout).
    /// </summary>
    public virtual string PrepareConnectionString(string connectionString) => connectionString;

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
}
