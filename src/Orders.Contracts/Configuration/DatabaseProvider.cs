namespace Orders.Contracts.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
