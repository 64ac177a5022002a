using System.Net;
using Orders.Contracts.Configuration;
using Orders.Gateway.Security;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>A client over its rate gets 429 with Retry-After and problem details, at once; health endpoints are never limited.</summary>
public abstract class RateLimitTests(DatabaseProvider provider) : TestWithResources
{
    [SkippableFact]
    public async Task A_client_over_its_rate_gets_429_with_retry_after_and_health_stays_reachable()
    {
        var factory = Track(new GatewayFactory(Track(TestDatabases.Create(provider)), new Dictionary<string, string?>
        {
            ["Orders:Gateway:RateLimit:Enabled"] = "true",
            ["Orders:Gateway:RateLimit:PermitsPerSecond"] = "10",
            ["Orders:Gateway:RateLimit:Burst"] = "5",
        }));
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.GetAsync("/customers/nobody");
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(HttpStatusCode.NotFound, statuses[0]);
        Assert.NotNull(limited);
        await OrderApiTests.ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        // At most the burst, plus what the bucket refilled (10 a second) while the requests were sent.
        var allowed = 5 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 10) + 1;
        Assert.True(statuses.Count(s => s == HttpStatusCode.NotFound) <= allowed,
            $"{statuses.Count(s => s == HttpStatusCode.NotFound)} requests got through in {clock.Elapsed.TotalSeconds:F2} s; at most {allowed} may");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }

        // Another client (another token subject) from the same address has a bucket of its own.
        var other = factory.CreateClient().Authorized(Tokens.Minter.Mint("another-client", OrdersScopes.All, TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/customers/nobody")).StatusCode);

        // The bucket refills (10 a second): the client is served again, well within a few seconds.
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/nobody")).StatusCode),
            TimeSpan.FromSeconds(5));
    }
}

public sealed class RateLimitTestsOnSqlite() : RateLimitTests(DatabaseProvider.Sqlite);

public sealed class RateLimitTestsOnPostgreSql() : RateLimitTests(DatabaseProvider.PostgreSql);
