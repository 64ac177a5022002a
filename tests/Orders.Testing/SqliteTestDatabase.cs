using Microsoft.Data.Sqlite;
using Orders.Contracts.Configuration;

namespace Orders.Testing;

/// <summary>Two SQLite files (journal, read tables) in a fresh temporary folder, as in the embedded default.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder =
        Directory.CreateTempSubdirectory("orders-test-").FullName;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Folder => _folder;

    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "orders.db")}";

    public override string ReadModelConnectionString => $"Data Source={Path.Combine(_folder, "orders-read.db")}";

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a stopping actor system; the temp folder is cleaned by the OS eventually.
        }
    }
}
