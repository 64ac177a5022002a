using Microsoft.AspNetCore.OpenApi;
using Orders.Gateway.Security;
using Scalar.AspNetCore;

namespace Orders.Gateway.Api;

/// <summary>
/// In development mode, an API reference to click through: Scalar at <c>/scalar</c>, over <c>/openapi/v1.json</c>, with
/// the development token flow on its first page. In every other mode it is not there at all (like <c>/dev/token</c>).
/// </summary>
public static class ApiReference
{
    public const string Path = "/scalar";

    /// <summary>The first page of the reference in development mode: how to get a token and use it here.</summary>
    public const string DevelopmentIntroduction = """
        **Development mode.** This gateway mints its own tokens (never run it like this in production).

        1. Open **Development → POST /dev/token** below and send it with the body `{}`: every scope, for an hour.
           (`{"scopes": ["orders:read"], "customerId": "c-42"}` gives a narrower one.)
        2. Copy `accessToken` from the answer.
        3. Paste it as the **Bearer** token under Authentication; every request you send from this page then carries it.

        Writes answer the order's new `version`; send it back as `If-Match` to change only that version, and an
        `Idempotency-Key` to make a retry safe. Every error is a problem details document with a stable `code`.
        """;

    /// <summary>Puts <see cref="DevelopmentIntroduction"/> into the OpenAPI document when the gateway runs in development mode.</summary>
    public static OpenApiOptions DescribeDevelopmentTokens(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, _) =>
        {
            if (DevelopmentTokenEndpoint.IsOn(context.ApplicationServices))
            {
                document.Info.Description = DevelopmentIntroduction;
            }

            return Task.CompletedTask;
        });
        return options;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        if (DevelopmentTokenEndpoint.IsOn(app.ServiceProvider))
        {
            app.MapScalarApiReference(Path, options => options
                    .WithTitle("Orders API")
                    .AddPreferredSecuritySchemes(BearerOpenApi.SchemeName)
                    .DisableTelemetry())
                .AllowAnonymous();
        }

        return app;
    }
}
