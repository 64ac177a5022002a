using Orders.Contracts.Configuration;

namespace Orders.Contracts.Database;

/// <summary>
/// The configured database, resolved once per host: its provider's dialect and the connection strings to use, each
/// prepared once (on SQLite that creates the folder and switches the file to write-ahead logging). Hosts register one
/// and inject it; the journal plugins, the read tables and the health checks all take it from there.
/// </summary>
public sealed class OrdersDatabase
{
    private readonly Lazy<string> _journal;
    private readonly Lazy<string> _readModel;

    public OrdersDatabase(DatabaseSettings settings)
    {
        Settings = settings;
        Dialect = SqlDialect.For(settings.Provider);
        ConfiguredReadModelConnectionString = string.IsNullOrWhiteSpace(settings.ReadModelConnectionString)
            ? Dialect.DefaultReadModelConnectionString(settings.ConnectionString)
            : settings.ReadModelConnectionString;
        // A failed preparation (a SQLite folder that cannot be made yet) is tried again on the next use, not remembered.
        _journal = new(() => Dialect.PrepareServiceConnectionString(settings.ConnectionString), LazyThreadSafetyMode.PublicationOnly);
        _readModel = new(() => Dialect.PrepareServiceConnectionString(ConfiguredReadModelConnectionString), LazyThreadSafetyMode.PublicationOnly);
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public SqlDialect Dialect { get; }

    /// <summary>
    /// Where the read tables live as configured: <c>Orders:Database:ReadModelConnectionString</c>, or the provider's
    /// default (the journal's database; on SQLite a file of its own beside the journal's).
    /// </summary>
    public string ConfiguredReadModelConnectionString { get; }

    /// <summary>The journal's connection string, prepared (first use prepares it).</summary>
    public string JournalConnectionString => _journal.Value;

    /// <summary>The read tables' connection string, prepared (first use prepares it).</summary>
    public string ReadModelConnectionString => _readModel.Value;

    /// <summary>One round trip to the journal's database.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => Dialect.PingAsync(JournalConnectionString, cancellationToken);
}
