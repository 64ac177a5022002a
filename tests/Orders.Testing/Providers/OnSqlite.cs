using Orders.Cluster.Configuration;

namespace Orders.Testing.Providers;

public sealed class OnSqlite : ITestProvider
{
    public static DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
