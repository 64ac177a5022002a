namespace Orders.Contracts.Configuration;

public sealed class DatabaseSettings
{
    /// <summary><c>Sqlite</c> (default), <c>PostgreSql</c> or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the journal and snapshot store live. Default: <c>Data Source=data/orders.db</c>, a SQLite file under
    /// the working directory.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/orders.db";

    /// <summary>
    /// Where the read tables live. Default: the journal's database — except on SQLite, which lets one writer at a
    /// time into a file: there the read tables get a file of their own beside the journal (<c>orders-read.db</c>).
    /// </summary>
    public string? ReadModelConnectionString { get; set; }

    /// <summary>
    /// Whether a host brings the read tables to the latest schema version when it starts (under a lock, so nodes
    /// starting together are safe). False: an operator runs <c>orders-query migrate</c>, and until then hosts stay
    /// not ready, saying which migrations are missing. Default: true.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How the journal and snapshot store protect themselves (and callers) while the database is down.</summary>
    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

}
