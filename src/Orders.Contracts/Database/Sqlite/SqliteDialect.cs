using System.Data.Common;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Orders.Contracts.Configuration;

namespace Orders.Contracts.Database.Sqlite;

public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string JournalProviderName => ProviderName.SQLiteMS;

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public override bool SingleWriter => true;

    public override bool BatchesTaggedInserts => false;

    public override string PrepareConnectionString(string connectionString) => SqliteFiles.Prepare(connectionString);

    /// <summary>SQLite lets one writer at a time into a file: the read tables get a file of their own.</summary>
    public override string DefaultReadModelConnectionString(string journalConnectionString) =>
        SqliteFiles.ReadModelConnectionStringBeside(journalConnectionString);
}
