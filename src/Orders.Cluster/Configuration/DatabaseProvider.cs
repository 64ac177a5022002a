namespace Orders.Cluster.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
