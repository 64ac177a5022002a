using System.Globalization;
using Orders.Domain;

namespace Orders.Domain.Tests;

/// <summary>
/// Random command sequences (fixed seeds, so a failure is reproducible): whatever is accepted, the state keeps
/// its invariants, and replaying the accepted events from scratch rebuilds exactly the same state.
/// </summary>
public sealed class OrderPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 300)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_command_sequences_keep_the_invariants_and_replay_to_the_same_state(int seed)
    {
        var random = new Random(seed);
        var state = OrderState.Empty;
        var history = new List<IOrderEvent>();
        var issued = new List<string>();
        for (var step = 0; step < 60; step++)
        {
            var command = RandomCommand(random, step, issued, state);
            var before = state;
            switch (OrderDecider.Decide(state, command))
            {
                case Decision.Accepted accepted:
                    foreach (var @event in accepted.Events)
                    {
                        state = state.Apply(@event);
                        history.Add(@event);
                    }

                    if (command.Metadata.CommandId is { } id)
                    {
                        issued.Add(id);
                    }

                    break;
                case Decision.AlreadyApplied applied:
                    Assert.NotNull(command.Metadata.CommandId);
                    Assert.InRange(applied.Version, 1, state.Version);
                    break;
                case Decision.Rejected:
                    break;
            }

            AssertInvariants(before, state);
            Reached.Add(state.Status);
        }

        Assert.Equal(Fingerprint(state), Fingerprint(OrderState.Replay(history)));
        Assert.Equal(history.Count, state.Version);
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<OrderStatus> Reached = [];

    [Fact]
    public void The_generator_reaches_every_status()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            Random_command_sequences_keep_the_invariants_and_replay_to_the_same_state(seed);
        }

        Assert.Equal(Enum.GetValues<OrderStatus>().ToHashSet(), Reached.ToHashSet());
    }

    private static void AssertInvariants(OrderState before, OrderState after)
    {
        Assert.InRange(after.Lines.Count, 0, OrderLimits.MaxLines);
        Assert.Equal(after.Lines.Count, after.Lines.Select(line => line.Sku).Distinct().Count());
        Assert.All(after.Lines, line =>
        {
            Assert.InRange(line.Quantity, OrderLimits.MinQuantity, OrderLimits.MaxQuantity);
            Assert.True(line.UnitPrice > 0 && decimal.Round(line.UnitPrice, 2) == line.UnitPrice);
        });
        Assert.True(after.Version >= before.Version);
        if (after.Status is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered)
        {
            Assert.Equal(after.Total, after.AmountPaid);
            Assert.NotEmpty(after.Lines);
        }

        if (before.Status is OrderStatus.Shipped or OrderStatus.Delivered or OrderStatus.Cancelled)
        {
            // Nothing but delivery changes a shipped order; nothing at all changes a delivered or cancelled one.
            Assert.Equal(before.Lines, after.Lines);
            var allowed = before.Status == OrderStatus.Shipped ? [OrderStatus.Shipped, OrderStatus.Delivered] : new[] { before.Status };
            Assert.Contains(after.Status, allowed);
        }

        if (after.Status == OrderStatus.Cancelled)
        {
            Assert.Equal(after.AmountPaid ?? 0m, after.RefundDue);
        }
    }

    private static IOrderCommand RandomCommand(Random random, int step, List<string> issued, OrderState state)
    {
        var commandId = random.Next(4) switch
        {
            0 => null,
            1 when issued.Count > 0 => issued[random.Next(issued.Count)],
            _ => $"cmd-{step}",
        };
        var meta = new CommandMetadata(Start.AddSeconds(step), commandId);
        const string orderId = "prop-order";
        var sku = $"SKU-{random.Next(6)}";
        return random.Next(9) switch
        {
            0 => new CreateOrder(orderId, "customer", "USD",
                [.. Enumerable.Range(0, random.Next(3)).Select(i => new OrderLine($"SKU-{i}", random.Next(1, 5), Price(random)))], meta),
            1 or 2 => new AddOrderLine(orderId, sku, random.Next(-1, 12_000) % 20 == 0 ? 0 : random.Next(1, 50), Price(random), meta),
            3 => new RemoveOrderLine(orderId, sku, meta),
            4 => new PayOrder(orderId, "card", random.Next(3) == 0 ? 12.34m : state.Total, meta),
            5 => new ShipOrder(orderId, "ups", "1Z", meta),
            6 => new DeliverOrder(orderId, meta),
            7 => new CancelOrder(orderId, "reason", meta),
            _ => new PayOrder(orderId, "card", -1m, meta),
        };
    }

    private static decimal Price(Random random) => random.Next(1, 100_000) / 100m;

    /// <summary>Every observable field of a state, as text: records holding lists compare lists by reference.</summary>
    private static string Fingerprint(OrderState s) => string.Join("|",
        s.OrderId, s.CustomerId, s.Currency, s.Status, s.Version, s.CreatedAt, s.PaidAt, s.ShippedAt, s.DeliveredAt,
        s.CancelledAt, s.UpdatedAt, s.PaymentMethod, s.AmountPaid?.ToString(CultureInfo.InvariantCulture), s.Carrier,
        s.TrackingNumber, s.CancellationReason, s.RefundDue?.ToString(CultureInfo.InvariantCulture),
        string.Join(",", s.Lines.Select(line => $"{line.Sku}:{line.Quantity}:{line.UnitPrice.ToString(CultureInfo.InvariantCulture)}")),
        string.Join(",", s.AppliedCommands.Entries.Select(entry => $"{entry.Key}={entry.Value}")));
}
