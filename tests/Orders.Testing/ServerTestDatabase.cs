using Orders.Contracts.Configuration;

namespace Orders.Testing;

/// <summary>A database on a server the test manages itself (such as <see cref="PrivatePostgresServer"/>); disposing does nothing.</summary>
public sealed class ServerTestDatabase(DatabaseProvider provider, string connectionString) : TestDatabase
{
    public override DatabaseProvider Provider => provider;

    public override string ConnectionString => connectionString;

    public override string ReadModelConnectionString => connectionString;

    public override void Dispose()
    {
    }
}
