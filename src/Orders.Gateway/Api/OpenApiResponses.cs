namespace Orders.Gateway.Api;

/// <summary>
/// What each operation answers, for the OpenAPI document: its success body and the problem details (RFC 7807, with
/// a <c>code</c>) it can give, by status. The handlers return <see cref="IResult"/>, so nothing is inferred: an
/// operation without these declarations is missing from the document, and a test fails on it.
/// </summary>
public static class OpenApiResponses
{
    /// <summary>What every operation behind a token can answer: no token or a bad one, a missing scope, too many requests.</summary>
    private static readonly int[] Guarded = [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests];

    /// <summary>A command on an existing order: 200 with the new version, or why not.</summary>
    public static RouteHandlerBuilder AnswersCommand(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<WriteResponse>().WithProblems([.. Guarded, 400, 404, 409, 412, 413, 415, 503]);

    /// <summary>The create: 201 with the order's id and version 1, or why not.</summary>
    public static RouteHandlerBuilder AnswersCreate(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<WriteResponse>(StatusCodes.Status201Created).WithProblems([.. Guarded, 400, 409, 412, 413, 415, 503]);

    /// <summary>A read behind a token: 200 with <typeparamref name="T"/>, or the given problems.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, params int[] problems) =>
        endpoint.Produces<T>().WithProblems([.. Guarded, .. problems]);

    /// <summary>An accepted request behind a token: 202 with <typeparamref name="T"/>, or the given problems.</summary>
    public static RouteHandlerBuilder Accepts<T>(this RouteHandlerBuilder endpoint, params int[] problems) =>
        endpoint.Produces<T>(StatusCodes.Status202Accepted).WithProblems([.. Guarded, .. problems]);

    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder endpoint, IEnumerable<int> statuses)
    {
        foreach (var status in statuses.Distinct().Order())
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }
}
