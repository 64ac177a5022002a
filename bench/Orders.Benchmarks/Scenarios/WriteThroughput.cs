using Akka.Actor;
using Orders.Benchmarks.Workload;
using Orders.Contracts.Protocol;

namespace Orders.Benchmarks.Scenarios;

/// <summary>Writes N orders of M commands each through the shard region with C clients (the recovery phase's data).</summary>
public static class WriteThroughput
{
    public static async Task WriteOrdersAsync(IActorRef region, string prefix, int orders, int commandsPerOrder, int clients)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < orders)
            {
                var orderId = $"{prefix}-{index}";
                for (var step = 0; step < commandsPerOrder; step++)
                {
                    var command = OrderCommands.Command(orderId, index, step);
                    if (await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(60)) is not CommandAccepted and var result)
                    {
                        throw new InvalidOperationException($"{command} was not accepted: {result}");
                    }
                }
            }
        })));
    }
}
