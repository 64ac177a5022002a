using System.Diagnostics;
using Akka.Actor;
using Orders.Benchmarks.Workload;
using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.Benchmarks.Scenarios;

/// <summary>Sequential commands on one order (a line added, then removed, again and again): the latency of one persist.</summary>
public static class SingleOrderLatency
{
    public static async Task<Latencies> RunAsync(IActorRef region, string orderId, int commands)
    {
        await AcceptAsync(region, new CreateOrder(orderId, "customer-single", "EUR", [new OrderLine("A", 1, 1m)], OrderCommands.Now()));
        var latencies = new Latencies();
        for (var i = 0; i < commands; i++)
        {
            IOrderCommand command = i % 2 == 0
                ? new AddOrderLine(orderId, "X", 1, 2m, OrderCommands.Now())
                : new RemoveOrderLine(orderId, "X", OrderCommands.Now());
            var started = Stopwatch.GetTimestamp();
            await AcceptAsync(region, command);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        return latencies;
    }

    private static async Task AcceptAsync(IActorRef region, IOrderCommand command)
    {
        if (await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)) is not CommandAccepted and var result)
        {
            throw new InvalidOperationException($"{command} was not accepted: {result}");
        }
    }
}
