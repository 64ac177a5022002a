using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orders.Gateway.Api;

namespace Orders.Gateway.Security;

/// <summary>
/// JWT bearer authentication and the three scope policies. Every endpoint needs an authenticated caller unless it
/// says otherwise (the fallback policy), so a new endpoint is closed until someone opens it. 401 and 403 answer
/// problem details (codes <c>unauthenticated</c>, <c>forbidden</c>).
/// </summary>
public static class GatewayAuthentication
{
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthSettings>()
            .Bind(configuration.GetSection(AuthSettings.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidation>();
        services.AddSingleton<IssuedTokens>();
        services.AddHostedService<AuthStartupReport>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Options are built when first used, after every configuration source (hosts and tests override them) is in.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthSettings>, IssuedTokens>((options, auth, tokens) =>
            {
                var settings = auth.Value;
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = settings.ClockSkew,
                    ValidAudience = tokens.Audience,
                    NameClaimType = "sub",
                };
                if (tokens.Minter is { } sharedKey)
                {
                    options.TokenValidationParameters.ValidIssuer = tokens.Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = sharedKey.Key;
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                else
                {
                    // Keys (and, unless configured, the issuer) come from the OpenID Connect authority's metadata.
                    options.Authority = settings.Authority;
                    if (!string.IsNullOrEmpty(settings.Issuer))
                    {
                        options.TokenValidationParameters.ValidIssuer = settings.Issuer;
                    }
                }

                options.Events = new JwtBearerEvents { OnChallenge = ChallengeAsync };
            });

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var scope in OrdersScopes.All)
        {
            // Each policy is named after the scope it needs.
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => OrdersScopes.Has(context.User, scope)));
        }

        return services;
    }

    /// <summary>What is wrong with the settings in this environment, or null.</summary>
    public static string? Problem(AuthSettings settings, IHostEnvironment environment)
    {
        if (settings.Mode == AuthMode.Development)
        {
            return environment.IsDevelopment()
                ? KeyProblem(settings.SigningKey)
                : $"{AuthSettings.SectionName}:Mode is Development, which is refused in the '{environment.EnvironmentName}' environment: "
                  + "development tokens are minted by anyone who can reach the gateway. Configure a real issuer "
                  + $"({AuthSettings.SectionName}:Authority, or Issuer and SigningKey; and Audience), or set "
                  + "ASPNETCORE_ENVIRONMENT=Development on a developer machine.";
        }

        if (string.IsNullOrWhiteSpace(settings.Audience))
        {
            return $"{AuthSettings.SectionName}:Audience is required: the 'aud' every token must carry. Configure a token issuer "
                   + $"({AuthSettings.SectionName}:Authority, or Issuer and SigningKey) and Audience, or run with "
                   + "ASPNETCORE_ENVIRONMENT=Development and Mode=Development on a developer machine (see docs/api.md, Authentication).";
        }

        if (string.IsNullOrWhiteSpace(settings.Authority) && string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            return $"{AuthSettings.SectionName} needs Authority (an OpenID Connect issuer) or SigningKey (a shared HMAC key, from the "
                   + "environment or user secrets) to check tokens.";
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKey) && string.IsNullOrWhiteSpace(settings.Issuer))
        {
            return $"{AuthSettings.SectionName}:Issuer is required with SigningKey: the 'iss' every token must carry.";
        }

        if (!string.IsNullOrWhiteSpace(settings.Authority)
            && !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps))
        {
            return $"{AuthSettings.SectionName}:Authority must be an absolute https URL, not '{settings.Authority}'.";
        }

        return KeyProblem(settings.SigningKey);
    }

    private static string? KeyProblem(string? key) =>
        !string.IsNullOrEmpty(key) && System.Text.Encoding.UTF8.GetByteCount(key) < AuthSettings.MinimumKeyBytes
            ? $"{AuthSettings.SectionName}:SigningKey must have at least {AuthSettings.MinimumKeyBytes} bytes"
            : null;

    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => "the bearer token has expired",
            SecurityTokenInvalidAudienceException => "the bearer token is for another audience",
            SecurityTokenInvalidIssuerException => "the bearer token is from another issuer",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature is not valid",
            { } => "the bearer token is not valid",
            null => "this endpoint needs a bearer token: Authorization: Bearer <token>",
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Problems.Unauthenticated(detail).ExecuteAsync(context.HttpContext);
    }

    /// <summary>A forbidden request answers which scope it lacked.</summary>
    private sealed class ForbiddenAsProblem : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (!result.Forbidden)
            {
                return _default.HandleAsync(next, context, policy, result);
            }

            var needed = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(data => data.Policy).OfType<string>().FirstOrDefault(OrdersScopes.All.Contains);
            return Problems.Forbidden(needed is null
                    ? "the bearer token does not allow this request"
                    : $"the bearer token lacks the scope '{needed}'")
                .ExecuteAsync(context);
        }
    }

    private sealed class AuthSettingsValidation(IHostEnvironment environment) : IValidateOptions<AuthSettings>
    {
        public ValidateOptionsResult Validate(string? name, AuthSettings options) =>
            Problem(options, environment) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private sealed class AuthStartupReport(IOptions<AuthSettings> settings, IssuedTokens tokens, ILogger<AuthStartupReport> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var auth = settings.Value;
            if (auth.Mode == AuthMode.Development)
            {
                log.LogWarning(
                    "DEVELOPMENT AUTHENTICATION: anyone who can reach this gateway can mint a token with POST /dev/token "
                    + "(issuer {Issuer}, audience {Audience}, {KeySource}). Allowed only because the environment is Development; "
                    + "configure a real issuer before this serves anybody else.",
                    tokens.Issuer, tokens.Audience, string.IsNullOrEmpty(auth.SigningKey) ? "a key made at start-up" : "the configured key");
            }
            else
            {
                log.LogInformation("Bearer tokens: issuer {Issuer}, audience {Audience}, keys from {KeySource}",
                    string.IsNullOrEmpty(tokens.Issuer) ? "(from the authority)" : tokens.Issuer, tokens.Audience,
                    string.IsNullOrEmpty(auth.SigningKey) ? auth.Authority : "a shared signing key");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The issuer, audience and (for shared-key and development modes) the key that tokens are checked with.</summary>
public sealed class IssuedTokens
{
    public const string DevelopmentIssuer = "orders-development";
    public const string DevelopmentAudience = "orders";

    public IssuedTokens(IOptions<AuthSettings> options)
    {
        var settings = options.Value;
        var development = settings.Mode == AuthMode.Development;
        Issuer = settings.Issuer is { Length: > 0 } issuer ? issuer : development ? DevelopmentIssuer : "";
        Audience = settings.Audience is { Length: > 0 } audience ? audience : development ? DevelopmentAudience : "";
        if (development || !string.IsNullOrEmpty(settings.SigningKey))
        {
            Minter = TokenMinter.ForSharedKey(Issuer, Audience, string.IsNullOrEmpty(settings.SigningKey) ? TokenMinter.RandomKey() : settings.SigningKey);
        }
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary>Null when keys come from an OpenID Connect authority.</summary>
    public TokenMinter? Minter { get; }
}
