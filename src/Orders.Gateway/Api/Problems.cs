using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Domain;

namespace Orders.Gateway.Api;

/// <summary>RFC 7807 answers. Each carries a stable <c>code</c> extension that clients can switch on.</summary>
public static class Problems
{
    public static ProblemHttpResult FromRejection(string orderId, Rejection rejection) =>
        Create(StatusFor(rejection.Code), TitleFor(rejection.Code), rejection.Message, rejection.Code, orderId);

    public static ProblemHttpResult BadRequest(string detail, string? orderId = null) =>
        Create(StatusCodes.Status400BadRequest, "The request is invalid", detail, Rejection.Validation, orderId);

    public static ProblemHttpResult NotFound(string detail, string? orderId = null) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail, Rejection.NotFound, orderId);

    public static ProblemHttpResult Unavailable(string detail, string? orderId = null) =>
        Create(StatusCodes.Status503ServiceUnavailable, "The service cannot answer now", detail, "unavailable", orderId);

    public static ProblemHttpResult Unauthenticated(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "Authentication is required", detail, "unauthenticated", null);

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, "Not allowed", detail, "forbidden", null);

    /// <summary>503 with <c>Retry-After</c>: the gateway has as many commands in flight as it allows.</summary>
    public static ProblemHttpResult Overloaded(HttpResponse response, int limit) =>
        Overloaded(response, $"{limit} commands are already waiting for their orders; retry after a second with the same Idempotency-Key", null);

    /// <summary>503 with <c>Retry-After</c>: the service turned the command away unstored because it is at capacity.</summary>
    public static ProblemHttpResult Overloaded(HttpResponse response, string detail, string? orderId)
    {
        response.Headers.RetryAfter = "1";
        return Create(StatusCodes.Status503ServiceUnavailable, "The service is busy", detail, "overloaded", orderId);
    }

    public static int StatusFor(string code) => code switch
    {
        Rejection.Validation => StatusCodes.Status400BadRequest,
        Rejection.NotFound => StatusCodes.Status404NotFound,
        Rejection.VersionConflict => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status409Conflict,
    };

    private static string TitleFor(string code) => code switch
    {
        Rejection.Validation => "The request is invalid",
        Rejection.NotFound => "Not found",
        Rejection.VersionConflict => "The order has another version",
        Rejection.AmountMismatch => "The amount does not match the order",
        Rejection.AlreadyExists => "The order exists already",
        Rejection.InvalidTransition => "The order's status does not allow this",
        _ => "The order's rules refuse this",
    };

    private static ProblemHttpResult Create(int status, string title, string detail, string code, string? orderId)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (orderId is not null)
        {
            extensions["orderId"] = orderId;
        }

        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}
