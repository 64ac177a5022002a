using Microsoft.Extensions.Options;
using Orders.Gateway.Api;

namespace Orders.Gateway.Security;

/// <summary>
/// <c>POST /dev/token</c>: mints a token signed with the development key. It exists only in development mode (which
/// only the Development environment allows); anywhere else the route is not there at all.
/// </summary>
public static class DevelopmentTokenEndpoint
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapDevelopmentTokenEndpoint(this IEndpointRouteBuilder app)
    {
        if (IsOn(app.ServiceProvider))
        {
            app.MapPost("/dev/token", Mint).AllowAnonymous().WithTags("Development").WithName("MintDevelopmentToken")
                .Produces<DevelopmentTokenResponse>().WithProblems([StatusCodes.Status400BadRequest]);
        }

        return app;
    }

    /// <summary>Development mode: the gateway mints its own tokens (and serves what helps a developer use them).</summary>
    public static bool IsOn(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AuthSettings>>().Value.Mode == AuthMode.Development;

    private static IResult Mint(DevelopmentTokenRequest? body, IssuedTokens tokens, IOptions<AuthSettings> options)
    {
        var settings = options.Value;
        var scopes = body?.Scopes ?? OrdersScopes.All.ToList();
        if (scopes.FirstOrDefault(scope => !OrdersScopes.All.Contains(scope)) is { } unknown)
        {
            return Problems.BadRequest($"unknown scope '{unknown}'; scopes are {string.Join(", ", OrdersScopes.All)}");
        }

        if (body?.LifetimeMinutes is { } minutes && !(minutes >= 1 && minutes <= MaxLifetime.TotalMinutes))
        {
            return Problems.BadRequest($"lifetimeMinutes must be between 1 and {MaxLifetime.TotalMinutes:0}");
        }

        if (body?.CustomerId is { } customer && Orders.Domain.OrderCommandValidator.CustomerIdProblem(customer) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        var lifetime = body?.LifetimeMinutes is { } wanted ? TimeSpan.FromMinutes(wanted) : settings.DevelopmentTokenLifetime;
        var subject = string.IsNullOrWhiteSpace(body?.Subject) ? "developer" : body.Subject;
        var token = tokens.Minter!.Mint(subject, scopes, lifetime, body?.CustomerId, settings.CustomerClaim);
        return TypedResults.Ok(new DevelopmentTokenResponse(token, "Bearer", (long)lifetime.TotalSeconds, scopes, body?.CustomerId));
    }
}

public sealed record DevelopmentTokenRequest(string? Subject, List<string>? Scopes, string? CustomerId, double? LifetimeMinutes);

public sealed record DevelopmentTokenResponse(string AccessToken, string TokenType, long ExpiresIn, IReadOnlyList<string> Scopes, string? CustomerId);
