using System.Diagnostics;
using Akka.Actor;
using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// Cold recovery: in a freshly started actor system, E orders of N events each are asked for their state by C
/// clients; each must recover (latest snapshot, then later events) before it answers. Rate = events the recovered
/// states stand for ÷ time.
/// </summary>
public static class ColdRecovery
{
    public sealed record Result(int Orders, long Events, TimeSpan Elapsed)
    {
        public double EventsPerSecond => Events / Elapsed.TotalSeconds;
    }

    /// <summary>Writes the orders (create, then one line per event) with <paramref name="clients"/> clients.</summary>
    public static Task WriteAsync(IActorRef region, string prefix, int orders, int eventsPerOrder, int clients) =>
        WriteThroughput.WriteOrdersAsync(region, prefix, orders, eventsPerOrder, clients);

    public static async Task<Result> RecoverAsync(IActorRef region, string prefix, int orders, int eventsPerOrder, int clients)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < orders)
            {
                var state = await region.Ask<OrderState>(new GetOrderState($"{prefix}-{index}"), TimeSpan.FromSeconds(60));
                if (state.Version != eventsPerOrder)
                {
                    throw new InvalidOperationException($"{prefix}-{index} recovered at version {state.Version}, not {eventsPerOrder}");
                }
            }
        })));
        return new Result(orders, (long)orders * eventsPerOrder, clock.Elapsed);
    }
}
