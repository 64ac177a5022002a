using Orders.Gateway.Security;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;

namespace Orders.Gateway.Api;

/// <summary>Status and control of the read side's workers. Requests are stored; workers act on them within a second.</summary>
public static class ProjectionEndpoints
{
    public static IEndpointRouteBuilder MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var projections = app.MapGroup("/projections").WithTags("Projections").RequireAuthorization(OrdersScopes.Admin);
        projections.MapGet("/", List).WithName("GetProjections").Answers<ProjectionWorkers>();
        projections.MapPost("/{name}/pause", (string name, int? slice, ProjectionRequests requests, ProjectionCatalog catalog, CancellationToken ct) =>
            Request(name, slice, ProjectionState.Paused, requests, catalog, ct)).WithName("PauseProjection").Accepts<ProjectionRequestAccepted>(400, 404, 503);
        projections.MapPost("/{name}/resume", (string name, int? slice, ProjectionRequests requests, ProjectionCatalog catalog, CancellationToken ct) =>
            Request(name, slice, ProjectionState.Running, requests, catalog, ct)).WithName("ResumeProjection").Accepts<ProjectionRequestAccepted>(400, 404, 503);
        projections.MapPost("/{name}/rebuild", Rebuild).WithName("RebuildProjection").Accepts<RebuildAccepted>(404, 409);
        return app;
    }

    /// <summary>Starts a rebuild without downtime; its progress shows in <c>GET /projections</c> as <c>{name}__rebuild</c>.</summary>
    private static IResult Rebuild(string name, ProjectionRebuilder rebuilder, ProjectionCatalog catalog)
    {
        if (!catalog.Names.Contains(name))
        {
            return Problems.NotFound($"no projection '{name}'; known: {string.Join(", ", catalog.Names)}");
        }

        return rebuilder.TryStart(name, out _)
            ? TypedResults.Accepted("/projections", new RebuildAccepted(name, true))
            : TypedResults.Problem($"a rebuild of '{name}' is already running", statusCode: StatusCodes.Status409Conflict,
                title: "A rebuild is running", extensions: new Dictionary<string, object?> { ["code"] = "rebuild-running" });
    }

    private static async Task<IResult> List(ProjectionStatusReport report, CancellationToken ct) =>
        TypedResults.Ok(new ProjectionWorkers(await report.ReadAsync(ct)));

    private static async Task<IResult> Request(
        string name, int? slice, string desiredState, ProjectionRequests requests, ProjectionCatalog catalog, CancellationToken ct)
    {
        if (!catalog.Names.Contains(name))
        {
            return Problems.NotFound($"no projection '{name}'; known: {string.Join(", ", catalog.Names)}");
        }

        if (slice is { } k && (k < 0 || k >= catalog.Slices))
        {
            return Problems.BadRequest($"slice must be between 0 and {catalog.Slices - 1}");
        }

        var workers = await requests.RequestAsync(name, slice, desiredState, ct);
        if (workers == 0)
        {
            return Problems.Unavailable($"projection '{name}' has no workers registered yet; retry once the service has started");
        }

        return TypedResults.Accepted("/projections", new ProjectionRequestAccepted(name, slice, desiredState, workers));
    }
}
