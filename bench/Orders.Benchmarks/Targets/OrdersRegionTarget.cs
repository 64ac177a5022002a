using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Benchmarks.Targets;

/// <summary>Orders through its shard region (<c>Ask</c>, no HTTP): the service's write path without the gateway.</summary>
public sealed class OrdersRegionTarget(OrdersService service, bool projections) : ICommandTarget
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public string Name => "orders-region";

    public bool HasReadSide => projections;

    public async Task<SendOutcome> SendAsync(IOrderCommand command)
    {
        try
        {
            return Outcome(command, await service.Region.Ask<CommandResult>(command, AskTimeout));
        }
        catch (AskTimeoutException)
        {
            return SendOutcome.Failed;
        }
    }

    /// <summary>The outcome of one command's reply; a rejection is the benchmark's own mistake.</summary>
    public static SendOutcome Outcome(IOrderCommand command, CommandResult result) => result switch
    {
        CommandAccepted => SendOutcome.Accepted,
        CommandRefused => SendOutcome.Refused,
        CommandFailed => SendOutcome.Failed,
        _ => throw new InvalidOperationException($"{command} was not accepted: {result}"),
    };

    public Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken) =>
        VisibleInOrderSummaryAsync(service.ReadModel, orderIds, cancellationToken);

    public Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout) => service.WaitForProjectionsAsync(timeout);

    /// <summary>
    /// Of these orders, those with an <c>order_summary</c> row: one query. On PostgreSQL the ids go as one array
    /// parameter, so the statement is the same every round and prepared once (an IN list of a different length each
    /// round would be parsed and planned again every time, which is the probe's own cost, not the service's).
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> VisibleInOrderSummaryAsync(
        ReadModelStore store, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = store.Database.Provider == DatabaseProvider.PostgreSql
            ? connection.CreateCommand(null, "SELECT order_id FROM order_summary WHERE order_id = ANY(@ids)", ("@ids", (object?)orderIds.ToArray()))
            : connection.CreateCommand(null,
                $"SELECT order_id FROM order_summary WHERE order_id IN ({string.Join(", ", orderIds.Select((_, i) => $"@o{i}"))})",
                [.. orderIds.Select((id, i) => ($"@o{i}", (object?)id))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var seen = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            seen.Add(reader.GetString(0));
        }

        return seen;
    }
}
