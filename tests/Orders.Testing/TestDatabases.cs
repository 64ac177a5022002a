using Orders.Contracts.Configuration;

namespace Orders.Testing;

public static class TestDatabases
{
    /// <summary>A database of its own on the given provider; PostgreSQL may skip (see <see cref="PostgreSqlTestDatabase"/>).</summary>
    public static TestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteTestDatabase(),
        DatabaseProvider.PostgreSql => PostgreSqlTestDatabase.Create(),
        _ => throw new NotSupportedException($"{provider} cannot run on these machines; its configuration is tested without a server"),
    };
}
