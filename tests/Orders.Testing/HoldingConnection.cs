using Orders.Contracts.Configuration;

namespace Orders.Testing;

/// <summary>
/// A connection string for a test that holds a transaction open on purpose (a late commit, a held row or key): on
/// PostgreSQL the server's limit on idle transactions, which the service sets for its own connections
/// (<c>PostgreSqlDialect.IdleInTransactionTimeout</c>), is off for it.
/// </summary>
public static class HoldingConnection
{
    public static string For(DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.PostgreSql
            ? new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Options = "-c idle_in_transaction_session_timeout=0" }.ConnectionString
            : connectionString;
}
