using Microsoft.Data.Sqlite;

namespace Orders.Contracts.Database.Sqlite;

/// <summary>
/// Prepares the embedded SQLite files: creates their folder, switches them to write-ahead logging (readers no
/// longer block the writer) and gives every connection a busy timeout, so that the journal, the snapshot store
/// and the projection writers wait for each other instead of failing with "database is locked".
/// </summary>
public static class SqliteFiles
{
    /// <summary>How long a connection waits for another writer before giving up. Default: 30 s.</summary>
    public const int BusyTimeoutSeconds = 30;

    /// <summary>The read tables' file beside the journal's: <c>data/orders.db</c> → <c>data/orders-read.db</c>.</summary>
    public static string ReadModelConnectionStringBeside(string journalConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(journalConnectionString);
        if (builder.Mode is SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "")
        {
            throw new ArgumentException("an in-memory SQLite journal needs an explicit ReadModelConnectionString");
        }

        var file = builder.DataSource;
        builder.DataSource = Path.Combine(
            Path.GetDirectoryName(file) ?? "", Path.GetFileNameWithoutExtension(file) + "-read" + Path.GetExtension(file));
        return builder.ToString();
    }

    public static string Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout == new SqliteConnectionStringBuilder().DefaultTimeout)
        {
            builder.DefaultTimeout = BusyTimeoutSeconds;
        }

        if (builder.Mode is SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "")
        {
            return builder.ToString();
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        return builder.ToString();
    }
}
