using Orders.Projections.Schema;

namespace Orders.Projections.Storage.Dialects;

/// <summary>PostgreSQL: exact numeric money, <c>timestamptz</c>, <c>IF NOT EXISTS</c> DDL under an advisory lock.</summary>
public sealed class PostgreSqlReadSideSql : ReadSideSql
{
    public static readonly PostgreSqlReadSideSql Instance = new();

    private PostgreSqlReadSideSql()
    {
    }

    /// <summary>A session advisory lock; the key is this application's (any constant unique to it).</summary>
    public override string SchemaLock => "SELECT pg_advisory_lock(4711000001)";

    public override string SchemaUnlock => "SELECT pg_advisory_unlock(4711000001)";

    public override string AddColumn(ReadTable table, ReadColumn column) =>
        $"ALTER TABLE {table.Name} ADD COLUMN IF NOT EXISTS {column.Sql} {TypeOf(column.Type)} NULL";

    public override DbUp.Builder.UpgradeEngineBuilder Migrations(string connectionString, string versionsTable) =>
        DbUp.DeployChanges.To.PostgresqlDatabase(connectionString).JournalToPostgresqlTable(null, versionsTable);

    public override string TypeOf(ColumnType type) => type.Kind switch
    {
        ColumnKind.Text => $"varchar({type.Length})",
        ColumnKind.FixedText => $"char({type.Length})",
        ColumnKind.LongText => "text",
        ColumnKind.Int32 => "integer",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Money => "numeric(18,2)",
        ColumnKind.Timestamp => "timestamptz",
        ColumnKind.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };
}
