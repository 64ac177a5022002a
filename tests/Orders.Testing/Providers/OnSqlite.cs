using Orders.Contracts.Configuration;

namespace Orders.Testing.Providers;

public sealed class OnSqlite : ITestProvider
{
    public static DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
