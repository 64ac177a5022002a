using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orders.Gateway.Security;

/// <summary>
/// Describes the bearer scheme in the OpenAPI document, and on each operation the scope its policy needs, so that
/// generated clients and API explorers send tokens (anonymous endpoints carry no requirement).
/// </summary>
public static class BearerOpenApi
{
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddBearerScheme(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = $"A JWT whose scope claim grants {string.Join(", ", OrdersScopes.All)} (docs/api.md, Authentication).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            var scopes = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().Where(OrdersScopes.All.Contains).ToList();
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes,
            });
            if (scopes.Count > 0)
            {
                operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : " ")}Needs the scope {string.Join(", ", scopes)}.";
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
