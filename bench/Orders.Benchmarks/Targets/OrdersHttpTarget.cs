using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Domain;

namespace Orders.Benchmarks.Targets;

/// <summary>Orders over HTTP: <c>POST /orders</c> and <c>POST /orders/{id}/lines</c> through the gateway, bearer token and all.</summary>
public sealed class OrdersHttpTarget(OrdersService service, bool projections) : ICommandTarget
{
    public string Name => "orders-http";

    public bool HasReadSide => projections;

    public async Task<SendOutcome> SendAsync(IOrderCommand command)
    {
        try
        {
            using var response = command switch
            {
                CreateOrder c => await service.Http.PostAsJsonAsync("/orders", new
                {
                    orderId = c.OrderId, customerId = c.CustomerId, currency = c.Currency,
                    lines = c.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.UnitPrice }),
                }),
                AddOrderLine a => await service.Http.PostAsJsonAsync(
                    $"/orders/{a.OrderId}/lines", new { sku = a.Sku, quantity = a.Quantity, unitPrice = a.UnitPrice }),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command, "the benchmark sends creates and new lines only"),
            };
            if (response.IsSuccessStatusCode)
            {
                return SendOutcome.Accepted;
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                // Refused at the edge (problem code "overloaded", with Retry-After) or failed behind it.
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                return problem.TryGetProperty("code", out var code) && code.GetString() == "overloaded"
                    ? SendOutcome.Refused
                    : SendOutcome.Failed;
            }

            throw new InvalidOperationException($"{command} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return SendOutcome.Failed;
        }
    }

    public Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken) =>
        OrdersRegionTarget.VisibleInOrderSummaryAsync(service.ReadModel, orderIds, cancellationToken);

    public Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout) => service.WaitForProjectionsAsync(timeout);
}
