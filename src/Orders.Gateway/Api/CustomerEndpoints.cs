using Orders.Gateway.Security;
using Orders.Projections.CustomerOrders;

namespace Orders.Gateway.Api;

public static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/customers/{customerId}", Get).WithTags("Customers").WithName("GetCustomer")
            .RequireAuthorization(OrdersScopes.Read).Answers<CustomerOrdersRow>(400, 404);
        return app;
    }

    private static async Task<IResult> Get(string customerId, CustomerOrdersReader reader, HttpContext http, OrderAccess access, CancellationToken ct)
    {
        if (!OrderAccess.Owns(access.CustomerOf(http), customerId))
        {
            return OrderAccess.OtherCustomer(customerId);
        }

        if (Orders.Domain.OrderCommandValidator.CustomerIdProblem(customerId) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        return await reader.FindAsync(customerId, ct) is { } row
            ? TypedResults.Ok(row)
            : Problems.NotFound($"customer '{customerId}' has no orders (or they have not reached the read tables yet)");
    }
}
