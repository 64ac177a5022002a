using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Orders.Node.Tests;

/// <summary>
/// A steady load of commands through the gateway from several clients, as a careful client sends them: every command
/// has its own Idempotency-Key and is retried with it (503, a timeout, a broken connection) until it is acknowledged
/// or <see cref="RetryWindow"/> has passed. Each client walks its orders through create → pay → ship → deliver.
/// </summary>
public sealed class CommandLoad(HttpClient http, TimeSpan retryWindow)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan RetryWindow { get; } = retryWindow;

    /// <summary>Acknowledged commands: idempotency key → the order and the version it answered.</summary>
    public ConcurrentDictionary<string, (string OrderId, long Version)> Acknowledged { get; } = new();

    /// <summary>Every attempt that did not succeed: when (since the load began), which command, what came back.</summary>
    public ConcurrentQueue<(TimeSpan At, string Key, string Outcome)> FailedAttempts { get; } = new();

    /// <summary>Every attempt that succeeded, with when it was answered.</summary>
    public ConcurrentQueue<(TimeSpan At, string Key)> Successes { get; } = new();

    /// <summary>Commands that were still not acknowledged when their retry window ended.</summary>
    public ConcurrentQueue<string> GaveUp { get; } = new();

    public ConcurrentDictionary<string, bool> Orders { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public Task RunAsync(int clients, string prefix, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => ClientAsync($"{prefix}-{client}", stop))));

    private async Task ClientAsync(string client, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var orderId = $"{client}-{i}";
            var amount = 2.5m * (1 + i % 4);
            if (!await SendAsync(orderId, "create", "/orders", new
                {
                    orderId,
                    customerId = $"customer-{i % 7}",
                    lines = new[] { new { sku = $"SKU-{i % 5}", quantity = 1 + i % 4, unitPrice = 2.5m } },
                }))
            {
                continue;
            }

            Orders[orderId] = true;
            _ = await SendAsync(orderId, "pay", $"/orders/{orderId}/pay", new { paymentMethod = "card", amount })
                && await SendAsync(orderId, "ship", $"/orders/{orderId}/ship", new { carrier = "ups", trackingNumber = $"1Z-{orderId}" })
                && await SendAsync(orderId, "deliver", $"/orders/{orderId}/deliver", null);
        }
    }

    /// <summary>Sends one command until it is acknowledged; false if its retry window ran out first.</summary>
    private async Task<bool> SendAsync(string orderId, string step, string path, object? body)
    {
        var key = $"{orderId}/{step}";
        var deadline = Now + RetryWindow;
        while (true)
        {
            string outcome;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = body is null ? null : JsonContent.Create(body),
                    Headers = { { "Idempotency-Key", key } },
                };
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    var answer = await response.Content.ReadFromJsonAsync<VersionBody>();
                    Acknowledged[key] = (orderId, answer?.Version ?? 0);
                    Successes.Enqueue((Now, key));
                    return true;
                }

                outcome = ((int)response.StatusCode).ToString();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // Why: no answer in time, the journal failed, or refused — the detail says which.
                    var problem = await response.Content.ReadAsStringAsync();
                    var detail = System.Text.RegularExpressions.Regex.Match(problem, "\"detail\":\"(?<d>[^\"]{0,140})").Groups["d"].Value;
                    outcome += " " + detail;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    // A 4xx is an answer, not an outage: the command is wrong and retrying will not help.
                    FailedAttempts.Enqueue((Now, key, outcome + " " + await response.Content.ReadAsStringAsync()));
                    GaveUp.Enqueue(key);
                    return false;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                outcome = error.GetType().Name;
            }

            FailedAttempts.Enqueue((Now, key, outcome));
            if (Now > deadline)
            {
                GaveUp.Enqueue(key);
                return false;
            }

            await Task.Delay(200);
        }
    }

    private sealed record VersionBody(string OrderId, long Version);
}
