using Orders.Domain;

namespace Orders.Domain.Tests;

public sealed class IdempotencyAndConcurrencyTests : OrderSpecification
{
    [Fact]
    public void A_repeated_command_id_returns_the_version_it_produced_and_no_events()
    {
        var created = Created(Line("A")) with { CommandId = "create-1" };
        var paid = Paid(10m) with { CommandId = "pay-1" };
        var applied = Given(created, paid, Shipped()).When(new PayOrder(OrderId, "card", 10m, At(5, "pay-1"))).ThenAlreadyApplied();
        Assert.Equal(2, applied.Version);
    }

    [Fact]
    public void A_repeated_create_returns_the_original_outcome_rather_than_already_exists()
    {
        var created = Created() with { CommandId = "create-1" };
        Assert.Equal(1, Given(created).When(new CreateOrder(OrderId, "customer-1", "USD", [], At(1, "create-1"))).ThenAlreadyApplied().Version);
    }

    [Fact]
    public void A_new_command_id_is_decided_normally()
    {
        Given(Created(Line("A")) with { CommandId = "create-1" })
            .When(new PayOrder(OrderId, "card", 10m, At(1, "pay-1"))).ThenEvent<OrderPaid>();
    }

    [Fact]
    public void The_window_of_remembered_command_ids_is_bounded()
    {
        var window = AppliedCommands.Empty;
        for (var i = 1; i <= AppliedCommands.Capacity + 5; i++)
        {
            window = window.Record($"cmd-{i}", i);
        }

        Assert.Equal(AppliedCommands.Capacity, window.Count);
        Assert.False(window.TryGetVersion("cmd-5", out _));
        Assert.True(window.TryGetVersion("cmd-6", out var version));
        Assert.Equal(6, version);
        Assert.Equal("cmd-6", window.Entries.First().Key);
    }

    [Fact]
    public void An_expected_version_that_differs_is_a_version_conflict()
    {
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, At(1, expectedVersion: 2))).ThenRejected(Rejection.VersionConflict);
    }

    [Fact]
    public void An_expected_version_that_matches_is_accepted()
    {
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, At(1, expectedVersion: 1))).ThenEvent<OrderPaid>();
    }
}
