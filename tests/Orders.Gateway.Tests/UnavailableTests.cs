using System.Net;
using System.Net.Http.Json;
using Orders.Contracts.Configuration;
using Orders.Testing;

namespace Orders.Gateway.Tests;

public abstract class UnavailableTests(DatabaseProvider provider)
{
    [SkippableFact]
    public async Task A_command_the_cluster_cannot_answer_in_time_is_a_503_problem()
    {
        using var database = TestDatabases.Create(provider);
        using var factory = new GatewayFactory(database, new Dictionary<string, string?>
        {
            // Too short for any actor to answer: every command times out at the gateway.
            ["Orders:Gateway:AskTimeout"] = "00:00:00.000001",
        });
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/orders", new { customerId = "c", lines = Array.Empty<object>() });

        await OrderApiTests.ExpectProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
    }
}

public sealed class UnavailableTestsOnSqlite() : UnavailableTests(DatabaseProvider.Sqlite);

public sealed class UnavailableTestsOnPostgreSql() : UnavailableTests(DatabaseProvider.PostgreSql);
