using System.Net;
using System.Net.Http.Json;

namespace Orders.Gateway.Tests;

/// <summary>Commands through the HTTP API that a test needs to succeed, asserted as they go.</summary>
public static class ApiCalls
{
    /// <summary>Creates an order of one line (2 × 3.00 of <paramref name="sku"/>) and asserts 201.</summary>
    public static async Task CreateOrderAsync(this HttpClient client, string orderId, string customerId, string sku = "SKU-1") =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new
        {
            orderId,
            customerId,
            lines = new[] { new { sku, quantity = 2, unitPrice = 3m } },
        })).StatusCode);

    /// <summary>Posts a command and asserts 200.</summary>
    public static async Task PostOkAsync(this HttpClient client, string path, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(path, body)).StatusCode);
}
