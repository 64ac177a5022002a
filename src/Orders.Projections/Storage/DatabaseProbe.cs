using Orders.Cluster.Configuration;

namespace Orders.Projections.Storage;

/// <summary>Answers "can this database be reached now?" with one trivial round trip.</summary>
public static class DatabaseProbe
{
    public static async Task PingAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        var dialect = ReadModelDialect.For(provider);
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
