using LinqToDB;
using Orders.Cluster.Configuration;

namespace Orders.Cluster.Database;

/// <summary>The linq2db provider name Akka.Persistence.Sql needs for each supported database.</summary>
public static class JournalProviderNames
{
    public static string For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => ProviderName.SQLiteMS,
        DatabaseProvider.PostgreSql => ProviderName.PostgreSQL15,
        DatabaseProvider.SqlServer => ProviderName.SqlServer2022,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };
}
