namespace Orders.Cluster.Configuration;

public sealed class DatabaseSettings
{
    /// <summary><c>Sqlite</c> (default), <c>PostgreSql</c> or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the journal and snapshot store live. Default: <c>Data Source=data/orders-journal.db</c>, a SQLite
    /// file under the working directory.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/orders-journal.db";

    /// <summary>
    /// Where the read tables live. Default: the journal's database. The embedded SQLite default puts them in a
    /// file of their own (<c>data/orders-read.db</c>) because SQLite lets one writer at a time into a file.
    /// </summary>
    public string? ReadModelConnectionString { get; set; } = "Data Source=data/orders-read.db";

    public string EffectiveReadModelConnectionString =>
        string.IsNullOrWhiteSpace(ReadModelConnectionString) ? ConnectionString : ReadModelConnectionString;
}
