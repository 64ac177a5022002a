using Orders.Contracts.Configuration;

namespace Orders.Testing.Providers;

public sealed class OnPostgreSql : ITestProvider
{
    public static DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
