using System.Net;
using Orders.Contracts.Configuration;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// <c>Orders:Database:MigrateOnStart=false</c>: the gateway does not touch the read schema; it stays not ready, naming
/// the missing migrations, until an operator applies them (<c>orders-query migrate</c>), and then serves.
/// </summary>
public sealed class MigrationStartupTests : TestWithResources
{
    [Fact]
    public async Task Without_migrate_on_start_the_gateway_waits_not_ready_until_the_migrations_are_applied()
    {
        var database = Track(TestDatabases.Create(DatabaseProvider.Sqlite));
        var gateway = Track(new GatewayFactory(database, new Dictionary<string, string?> { ["Orders:Database:MigrateOnStart"] = "false" }));
        var client = gateway.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("the read tables need the migrations 0001-read-tables, 0002-sales-channel-and-payment-reference, 0003-customer-orders-newest-first: run 'orders-query migrate'",
            await ready.Content.ReadAsStringAsync());

        Assert.Equal(3, (await ReadModelStore.For(database.Settings().Database).MigrateAsync()).Count);

        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode), TimeSpan.FromSeconds(30));
    }
}
