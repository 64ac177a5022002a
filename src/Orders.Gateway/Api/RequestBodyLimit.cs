using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orders.Gateway.Configuration;

namespace Orders.Gateway.Api;

/// <summary>Refuses bodies over the configured size with 413 problem details before anything reads them.</summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<GatewaySettings> settings)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = settings.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await TypedResults.Problem(
                $"the request body is {context.Request.ContentLength} bytes; at most {limit} are accepted",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large",
                extensions: new Dictionary<string, object?> { ["code"] = "too-large" }).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
