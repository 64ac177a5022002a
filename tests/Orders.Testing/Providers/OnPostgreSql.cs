using Orders.Cluster.Configuration;

namespace Orders.Testing.Providers;

public sealed class OnPostgreSql : ITestProvider
{
    public static DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
