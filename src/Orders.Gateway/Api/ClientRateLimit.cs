using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Orders.Gateway.Configuration;

namespace Orders.Gateway.Api;

/// <summary>
/// Per-client rate limiting with ASP.NET Core's limiter: a token bucket per token subject (or client address). A client over its rate
/// gets 429 with <c>Retry-After</c> and problem details (code <c>rate-limited</c>), at once — requests are not queued.
/// Health checks and <c>/metrics</c> are never limited.
/// </summary>
public static class ClientRateLimit
{
    /// <summary>
    /// Who a request counts against: the token's subject when it carries a valid one (so that clients behind one proxy
    /// or NAT address do not share a bucket), else the client address. Runs after authentication.
    /// </summary>
    public static string ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local");

    public static IServiceCollection AddClientRateLimit(this IServiceCollection services)
    {
        services.AddOptions<GatewaySettings>()
            .Validate(settings => settings.RateLimit.PermitsPerSecond >= 1 && settings.RateLimit.Burst >= 1,
                "Orders:Gateway:RateLimit:PermitsPerSecond and Burst must be at least 1")
            .ValidateOnStart();
        return services.AddRateLimiter(options =>
        {
            // The settings are read per request (they are bound once), so that hosts and tests that override them are honoured.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<GatewaySettings>>().Value.RateLimit;
                return !settings.Enabled || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ =>
                        new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = settings.Burst,
                            // Refilled ten times a second, so that a client gets its rate smoothly rather than once a second.
                            TokensPerPeriod = Math.Max(1, settings.PermitsPerSecond / 10),
                            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                        "this client sent more requests than it may; retry after the number of seconds in Retry-After",
                        statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        extensions: new Dictionary<string, object?> { ["code"] = "rate-limited" })
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
