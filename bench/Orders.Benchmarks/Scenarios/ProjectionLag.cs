using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Orders.Cluster.Actors;
using Orders.Cluster.Configuration;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Benchmarks.Scenarios;

/// <summary>
/// Live projection lag at a steady offered rate: new orders (one event each) are sent at the rate without waiting for
/// each other; a reader polls <c>order_summary</c> every 10 ms for the acknowledged ones. Lag = from the command's
/// acknowledgement (its event committed) to its row being visible — so it includes up to 10 ms of polling.
/// </summary>
public static class ProjectionLag
{
    /// <param name="AchievedRate">Commands acknowledged per second over the whole run (below the offered rate when the service cannot keep up).</param>
    /// <param name="NeverSeen">Commands not acknowledged within 30 s, or whose row never appeared.</param>
    public sealed record Result(double OfferedRate, double AchievedRate, int Events, Latencies Lag, int NeverSeen);

    public static async Task<Result> RunAsync(IActorRef region, DatabaseSettings database, string prefix, int rate, TimeSpan duration)
    {
        var store = ReadModelStore.For(database);
        var acknowledged = new ConcurrentDictionary<string, long>();
        var lag = new Latencies();
        using var polling = new CancellationTokenSource();
        var poller = Task.Run(() => PollAsync(store, acknowledged, lag, polling.Token));

        var total = (int)(rate * duration.TotalSeconds);
        var sends = new List<Task<bool>>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var orderId = $"{prefix}-{i}";
            sends.Add(SendAsync(region, orderId, acknowledged));
        }

        var answered = (await Task.WhenAll(sends)).Count(ok => ok);
        var achieved = answered / clock.Elapsed.TotalSeconds;
        for (var wait = 0; wait < 300 && !acknowledged.IsEmpty; wait++)
        {
            await Task.Delay(100);
        }

        await polling.CancelAsync();
        await poller;
        return new Result(rate, achieved, total, lag, acknowledged.Count + total - answered);
    }

    /// <summary>Sends one create; false when it failed or was not answered in time (the offered rate is beyond what the service takes).</summary>
    private static async Task<bool> SendAsync(IActorRef region, string orderId, ConcurrentDictionary<string, long> acknowledged)
    {
        var command = new CreateOrder(orderId, "customer-lag", "EUR", [new OrderLine("LAG", 1, 1m)], WriteThroughput.Now());
        try
        {
            switch (await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)))
            {
                case CommandAccepted:
                    break;
                case CommandFailed:
                    // Overload: the journal's circuit breaker refused the write (its call timeout passed in the queue).
                    return false;
                case var other:
                    throw new InvalidOperationException($"{command} was not accepted: {other}");
            }
        }
        catch (AskTimeoutException)
        {
            return false;
        }

        acknowledged[orderId] = Stopwatch.GetTimestamp();
        return true;
    }

    private static async Task PollAsync(ReadModelStore store, ConcurrentDictionary<string, long> acknowledged, Latencies lag, CancellationToken stop)
    {
        await using var connection = await store.OpenAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            foreach (var chunk in acknowledged.Keys.Chunk(200))
            {
                await using var command = connection.CreateCommand(null,
                    $"SELECT order_id FROM order_summary WHERE order_id IN ({string.Join(", ", chunk.Select((_, i) => $"@o{i}"))})",
                    [.. chunk.Select((id, i) => ($"@o{i}", (object?)id))]);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                var seenAt = Stopwatch.GetTimestamp();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    if (acknowledged.TryRemove(reader.GetString(0), out var ackedAt))
                    {
                        lag.Add(Stopwatch.GetElapsedTime(ackedAt, seenAt));
                    }
                }
            }

            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
