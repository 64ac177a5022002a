using Orders.Domain;

namespace Orders.Benchmarks.Workload;

/// <summary>
/// The benchmark's commands, the same for every target: a create with one line, then one new line each. Every
/// command is one event, so "commands/s" and "events/s" are the same figure.
/// </summary>
public static class OrderCommands
{
    /// <summary>The <paramref name="step"/>-th command of order number <paramref name="index"/>.</summary>
    public static IOrderCommand Command(string orderId, int index, int step) => step == 0
        ? new CreateOrder(orderId, $"customer-{index % 100}", "EUR", [new OrderLine("SKU-0", 1, 9.99m)], Now())
        : new AddOrderLine(orderId, $"SKU-{step}", 1 + step % 3, 4.50m, Now());

    public static CommandMetadata Now() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// The event the Orders service stores for this command, for targets without the domain (raw SQL, bare
    /// Akka.Persistence.Sql, peers): the same record, so the same serializer gives the same payload bytes.
    /// </summary>
    public static IOrderEvent EventOf(IOrderCommand command)
    {
        var state = command is CreateOrder
            ? OrderState.Empty
            : OrderState.Empty.Apply(new OrderCreated(command.OrderId, "customer", "EUR", [new OrderLine("SKU-0", 1, 9.99m)], DateTimeOffset.UtcNow));
        return OrderDecider.Decide(state, command) is Decision.Accepted accepted
            ? accepted.Events[0]
            : throw new InvalidOperationException($"{command} would not be accepted");
    }
}
