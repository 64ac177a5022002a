using Orders.Projections.Schema;

namespace Orders.Projections.Storage.Dialects;

/// <summary>
/// SQLite: types by affinity (timestamps as ISO-8601 text, money as NUMERIC), <c>IF NOT EXISTS</c> DDL, and upserts
/// with <c>ON CONFLICT</c>.
/// </summary>
public sealed class SqliteReadSideSql : ReadSideSql
{
    public static readonly SqliteReadSideSql Instance = new();

    private SqliteReadSideSql()
    {
    }

    public override DbUp.Builder.UpgradeEngineBuilder Migrations(string connectionString, string versionsTable) =>
        DbUp.DeployChanges.To.SqliteDatabase(connectionString).JournalToSqliteTable(versionsTable);

    public override string TypeOf(ColumnType type) => type.Kind switch
    {
        ColumnKind.Text or ColumnKind.FixedText or ColumnKind.LongText or ColumnKind.Timestamp or ColumnKind.Date => "TEXT",
        ColumnKind.Int32 or ColumnKind.Int64 => "INTEGER",
        ColumnKind.Money => "NUMERIC",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };
}
