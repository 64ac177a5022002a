using System.Diagnostics;
using System.Net.Http.Json;
using Akka.Actor;
using Orders.Cluster.Actors;
using Orders.Domain;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// N orders × M commands from C concurrent clients, each client walking its orders one command at a time
/// (create, then add lines): every command is one event. Through the shard region, or through HTTP.
/// </summary>
public static class WriteThroughput
{
    public sealed record Result(long Events, TimeSpan Elapsed, Latencies Latencies)
    {
        public double EventsPerSecond => Events / Elapsed.TotalSeconds;
    }

    public static Task<Result> ThroughRegionAsync(IActorRef region, string prefix, int orders, int commandsPerOrder, int clients) =>
        RunAsync(prefix, orders, commandsPerOrder, clients, async command =>
        {
            if (await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)) is not CommandAccepted and var result)
            {
                throw new InvalidOperationException($"{command} was not accepted: {result}");
            }
        });

    public static Task<Result> ThroughHttpAsync(HttpClient http, string prefix, int orders, int commandsPerOrder, int clients) =>
        RunAsync(prefix, orders, commandsPerOrder, clients, async command =>
        {
            using var response = command switch
            {
                CreateOrder c => await http.PostAsJsonAsync("/orders", new
                {
                    orderId = c.OrderId, customerId = c.CustomerId, currency = c.Currency,
                    lines = c.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.UnitPrice }),
                }),
                AddOrderLine a => await http.PostAsJsonAsync($"/orders/{a.OrderId}/lines", new { sku = a.Sku, quantity = a.Quantity, unitPrice = a.UnitPrice }),
                _ => throw new ArgumentOutOfRangeException(nameof(command)),
            };
            response.EnsureSuccessStatusCode();
        });

    /// <summary>The i-th command of an order: a create with one line, then one new line each.</summary>
    public static IOrderCommand Command(string orderId, int index, int step) => step == 0
        ? new CreateOrder(orderId, $"customer-{index % 100}", "EUR", [new OrderLine("SKU-0", 1, 9.99m)], Now())
        : new AddOrderLine(orderId, $"SKU-{step}", 1 + step % 3, 4.50m, Now());

    public static CommandMetadata Now() => new(DateTimeOffset.UtcNow);

    private static async Task<Result> RunAsync(string prefix, int orders, int commandsPerOrder, int clients, Func<IOrderCommand, Task> send)
    {
        var latencies = new Latencies();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < orders)
            {
                var orderId = $"{prefix}-{index}";
                for (var step = 0; step < commandsPerOrder; step++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await send(Command(orderId, index, step));
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
            }
        })));
        return new Result((long)orders * commandsPerOrder, clock.Elapsed, latencies);
    }
}
