using Microsoft.Extensions.Options;
using Orders.Domain;
using Orders.Gateway.Commands;
using Orders.Gateway.Configuration;
using Orders.Gateway.Security;
using Orders.Projections;
using Orders.Projections.OrderSummary;

namespace Orders.Gateway.Api;

/// <summary>The orders API. Writes go to the order actors through the <see cref="CommandPipeline"/>; reads go to the read tables only.</summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization(OrdersScopes.Write);
        commands.MapPost("/", Create).WithName("CreateOrder").AnswersCreate();
        commands.MapPost("/{orderId}/lines", AddLine).WithName("AddOrderLine").AnswersCommand();
        commands.MapDelete("/{orderId}/lines/{sku}", RemoveLine).WithName("RemoveOrderLine").AnswersCommand();
        commands.MapPost("/{orderId}/pay", Pay).WithName("PayOrder").AnswersCommand();
        commands.MapPost("/{orderId}/ship", Ship).WithName("ShipOrder").AnswersCommand();
        commands.MapPost("/{orderId}/deliver", Deliver).WithName("DeliverOrder").AnswersCommand();
        commands.MapPost("/{orderId}/cancel", Cancel).WithName("CancelOrder").AnswersCommand();
        var queries = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization(OrdersScopes.Read);
        queries.MapGet("/{orderId}", Get).WithName("GetOrder").Answers<OrderResponse>(400, 404, 503);
        queries.MapGet("/", List).WithName("ListOrders").Answers<OrderPage>(400);
        return app;
    }

    private static Task<IResult> Create(CreateOrderRequest body, HttpRequest http, CommandPipeline commands, OrderAccess access, CancellationToken ct)
    {
        // A customer-scoped token creates orders for its customer; naming another one is refused by the command path (AuthorizationStep).
        var customerId = body.CustomerId ?? access.CustomerOf(http.HttpContext) ?? "";
        // The gateway, not the domain, makes ids: deciding stays a pure function.
        var orderId = body.OrderId ?? Guid.NewGuid().ToString("N");
        var lines = body.Lines?.Select(line => line is null ? null! : new OrderLine(
            line.Sku ?? "", line.Quantity ?? 0, line.UnitPrice ?? 0m)).ToList();
        return commands.SendAsync(http, meta => new CreateOrder(
            orderId, customerId, body.Currency ?? OrderLimits.DefaultCurrency, lines!, meta, body.SalesChannel), created: true, ct);
    }

    private static Task<IResult> AddLine(
        string orderId, OrderLineRequest body, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new AddOrderLine(
            orderId, body.Sku ?? "", body.Quantity ?? 0, body.UnitPrice ?? 0m, meta), cancellationToken: ct);

    /// <remarks>
    /// Routing decodes a path segment except for an encoded slash, so that <c>%2F</c> cannot split it: a SKU with a
    /// slash arrives as <c>%2F</c> and is decoded here (only that sequence: everything else is decoded already).
    /// </remarks>
    private static Task<IResult> RemoveLine(string orderId, string sku, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new RemoveOrderLine(orderId, sku.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), meta), cancellationToken: ct);

    private static Task<IResult> Pay(string orderId, PayOrderRequest body, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new PayOrder(orderId, body.PaymentMethod ?? "", body.Amount ?? 0m, meta, body.PaymentReference), cancellationToken: ct);

    private static Task<IResult> Ship(string orderId, ShipOrderRequest body, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new ShipOrder(orderId, body.Carrier ?? "", body.TrackingNumber ?? "", meta), cancellationToken: ct);

    private static Task<IResult> Deliver(string orderId, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new DeliverOrder(orderId, meta), cancellationToken: ct);

    private static Task<IResult> Cancel(string orderId, CancelOrderRequest body, HttpRequest http, CommandPipeline commands, CancellationToken ct) =>
        commands.SendAsync(http, meta => new CancelOrder(orderId, body.Reason ?? "", meta), cancellationToken: ct);

    /// <summary>
    /// The order from the read tables. With <c>minVersion</c> the read waits (bounded) until the read tables show at
    /// least that version — read-your-writes after a command that answered that version.
    /// </summary>
    private static async Task<IResult> Get(
        string orderId, long? minVersion, OrderSummaryReader reader, IOptions<GatewaySettings> settings, HttpContext http,
        OrderAccess access, CancellationToken ct)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Problems.BadRequest($"'{Truncate(orderId)}' is not a valid order id", null);
        }

        if (minVersion is < 1)
        {
            return Problems.BadRequest("minVersion must be at least 1", orderId);
        }

        var deadline = DateTime.UtcNow + settings.Value.ReadYourWritesTimeout;
        var view = await reader.FindAsync(orderId, ct);
        while (minVersion is { } wanted && (view?.Summary.Version ?? 0) < wanted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(ReadYourWritesPoll, ct);
            view = await reader.FindAsync(orderId, ct);
        }

        if (view is not null && !OrderAccess.Owns(access.CustomerOf(http), view.Summary.CustomerId))
        {
            return NotFound(orderId);
        }

        if (minVersion is { } required && (view?.Summary.Version ?? 0) < required)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Unavailable(
                $"the read tables show order '{orderId}' at version {view?.Summary.Version ?? 0}, not yet {required}", orderId);
        }

        if (view is null)
        {
            return NotFound(orderId);
        }

        var s = view.Summary;
        return TypedResults.Ok(new OrderResponse(
            s.OrderId, s.CustomerId, s.Status, s.Currency, s.LineCount, s.TotalAmount, s.CreatedAt, s.PaidAt, s.ShippedAt,
            s.DeliveredAt, s.CancelledAt, s.Version, s.UpdatedAt,
            view.Lines.Select(line => new OrderLineResponse(line.Sku, line.Quantity, line.UnitPrice, line.LineTotal)).ToList(),
            s.SalesChannel, s.PaymentReference));
    }

    /// <summary>Orders from the read tables in order-id order; <c>next</c> is the <c>after</c> of the following page.</summary>
    private static async Task<IResult> List(
        string? customerId, string? status, int? limit, string? after, OrderSummaryReader reader, HttpContext http, OrderAccess access,
        CancellationToken ct)
    {
        if (access.CustomerOf(http) is { } own)
        {
            if (!OrderAccess.Owns(own, customerId ?? own))
            {
                return OrderAccess.OtherCustomer(customerId!);
            }

            customerId = own;
        }

        if (limit is < 1)
        {
            return Problems.BadRequest("limit must be at least 1");
        }

        if (status is not null && !Enum.GetValues<OrderStatus>().Where(s => s != OrderStatus.None)
                .Select(OrderStatusNames.Of).Contains(status))
        {
            return Problems.BadRequest("status must be one of pending, paid, shipped, delivered, cancelled");
        }

        var size = Math.Min(limit ?? DefaultPageSize, MaxPageSize);
        var rows = await reader.PageAsync(after ?? "", size, customerId, status, ct);
        return TypedResults.Ok(new OrderPage(
            rows.Select(s => new OrderListItem(s.OrderId, s.CustomerId, s.Status, s.Currency, s.LineCount, s.TotalAmount,
                s.CreatedAt, s.Version, s.UpdatedAt, s.SalesChannel)).ToList(),
            rows.Count == size ? rows[^1].OrderId : null));
    }

    /// <summary>Also the answer for another customer's order to a customer-scoped token: the two cannot be told apart.</summary>
    private static IResult NotFound(string orderId) =>
        Problems.NotFound($"order '{orderId}' does not exist (or its creation has not reached the read tables yet)", orderId);

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private static readonly TimeSpan ReadYourWritesPoll = TimeSpan.FromMilliseconds(20);

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
