using Orders.Domain;

namespace Orders.Domain.Tests;

public sealed class OrderLifecycleTests : OrderSpecification
{
    [Fact]
    public void Creating_an_order_records_its_customer_currency_and_lines()
    {
        var created = Given().When(new CreateOrder(OrderId, "customer-1", "EUR", [Line("A", 2, 9.99m)], At(0, "cmd-1")))
            .ThenEvent<OrderCreated>();

        Assert.Equal(OrderId, created.OrderId);
        Assert.Equal("customer-1", created.CustomerId);
        Assert.Equal("EUR", created.Currency);
        Assert.Equal([Line("A", 2, 9.99m)], created.Lines);
        Assert.Equal(T0, created.Timestamp);
        Assert.Equal("cmd-1", created.CommandId);
    }

    [Fact]
    public void Creating_an_order_without_lines_is_allowed()
    {
        Given().When(new CreateOrder(OrderId, "customer-1", "USD", [], At(0))).ThenEvent<OrderCreated>();
    }

    [Fact]
    public void Creating_an_existing_order_is_rejected()
    {
        Given(Created()).When(new CreateOrder(OrderId, "customer-1", "USD", [], At(1))).ThenRejected(Rejection.AlreadyExists);
    }

    [Fact]
    public void A_pending_order_accepts_a_new_line()
    {
        var added = Given(Created(Line("A"))).When(new AddOrderLine(OrderId, "B", 3, 2.50m, At(1))).ThenEvent<OrderLineAdded>();
        Assert.Equal(("B", 3, 2.50m), (added.Sku, added.Quantity, added.UnitPrice));
    }

    [Fact]
    public void Adding_a_sku_that_is_already_on_the_order_is_a_rule_violation()
    {
        Given(Created(Line("A"))).When(new AddOrderLine(OrderId, "A", 1, 10m, At(1))).ThenRejected(Rejection.RuleViolation);
    }

    [Fact]
    public void An_order_has_at_most_100_lines()
    {
        var lines = Enumerable.Range(0, OrderLimits.MaxLines).Select(i => Line($"S{i}")).ToArray();
        Given(Created(lines)).When(new AddOrderLine(OrderId, "ONE-MORE", 1, 1m, At(1))).ThenRejected(Rejection.RuleViolation);
    }

    [Fact]
    public void Removing_a_line_removes_it()
    {
        Given(Created(Line("A"), Line("B"))).When(new RemoveOrderLine(OrderId, "A", At(1))).ThenEvent<OrderLineRemoved>();
        var state = State.Apply(new OrderLineRemoved(OrderId, "A", T0));
        Assert.Equal(["B"], state.Lines.Select(line => line.Sku));
    }

    [Fact]
    public void Removing_a_line_that_is_not_there_is_not_found()
    {
        Given(Created(Line("A"))).When(new RemoveOrderLine(OrderId, "Z", At(1))).ThenRejected(Rejection.NotFound);
    }

    [Fact]
    public void Paying_the_exact_total_pays_the_order()
    {
        var paid = Given(Created(Line("A", 2, 9.99m), Line("B", 1, 0.02m)))
            .When(new PayOrder(OrderId, "card", 20.00m, At(1))).ThenEvent<OrderPaid>();
        Assert.Equal(20.00m, paid.Amount);
        Assert.Equal(OrderStatus.Paid, State.Apply(paid).Status);
    }

    [Fact]
    public void Paying_another_amount_than_the_total_is_an_amount_mismatch()
    {
        Given(Created(Line("A", 2, 9.99m))).When(new PayOrder(OrderId, "card", 19.99m, At(1))).ThenRejected(Rejection.AmountMismatch);
    }

    [Fact]
    public void An_empty_order_cannot_be_paid()
    {
        Given(Created()).When(new PayOrder(OrderId, "card", 1m, At(1))).ThenRejected(Rejection.RuleViolation);
    }

    [Fact]
    public void A_paid_order_can_be_shipped_then_delivered()
    {
        Given(Created(Line("A")), Paid(10m)).When(new ShipOrder(OrderId, "ups", "1Z", At(2))).ThenEvent<OrderShipped>();
        Given(Created(Line("A")), Paid(10m), Shipped()).When(new DeliverOrder(OrderId, At(3))).ThenEvent<OrderDelivered>();
        Assert.Equal(OrderStatus.Delivered, State.Apply(Delivered()).Status);
    }

    [Fact]
    public void A_pending_order_cannot_be_shipped()
    {
        Given(Created(Line("A"))).When(new ShipOrder(OrderId, "ups", "1Z", At(1))).ThenRejected(Rejection.InvalidTransition);
    }

    [Fact]
    public void A_paid_order_cannot_be_delivered_before_it_ships()
    {
        Given(Created(Line("A")), Paid(10m)).When(new DeliverOrder(OrderId, At(2))).ThenRejected(Rejection.InvalidTransition);
    }

    [Fact]
    public void Lines_cannot_change_after_payment()
    {
        Given(Created(Line("A")), Paid(10m)).When(new AddOrderLine(OrderId, "B", 1, 1m, At(2))).ThenRejected(Rejection.InvalidTransition);
        Given(Created(Line("A")), Paid(10m)).When(new RemoveOrderLine(OrderId, "A", At(2))).ThenRejected(Rejection.InvalidTransition);
    }

    [Fact]
    public void Nothing_changes_after_shipping()
    {
        IOrderEvent[] shipped = [Created(Line("A")), Paid(10m), Shipped()];
        Given(shipped).When(new CancelOrder(OrderId, "late", At(3))).ThenRejected(Rejection.InvalidTransition);
        Given(shipped).When(new PayOrder(OrderId, "card", 10m, At(3))).ThenRejected(Rejection.InvalidTransition);
        Given(shipped).When(new AddOrderLine(OrderId, "B", 1, 1m, At(3))).ThenRejected(Rejection.InvalidTransition);
        Given(shipped).When(new ShipOrder(OrderId, "ups", "again", At(3))).ThenRejected(Rejection.InvalidTransition);
    }

    [Fact]
    public void Cancelling_a_pending_order_owes_no_refund()
    {
        var cancelled = Given(Created(Line("A"))).When(new CancelOrder(OrderId, "changed my mind", At(1))).ThenEvent<OrderCancelled>();
        Assert.Equal(0m, cancelled.RefundDue);
    }

    [Fact]
    public void Cancelling_a_paid_order_records_the_refund_due()
    {
        var cancelled = Given(Created(Line("A", 3, 5m)), Paid(15m)).When(new CancelOrder(OrderId, "out of stock", At(2)))
            .ThenEvent<OrderCancelled>();
        Assert.Equal(15m, cancelled.RefundDue);
    }

    [Fact]
    public void A_cancelled_order_accepts_nothing_more()
    {
        Given(Created(Line("A")), Cancelled(0m)).When(new PayOrder(OrderId, "card", 10m, At(3))).ThenRejected(Rejection.InvalidTransition);
        Given(Created(Line("A")), Cancelled(0m)).When(new CancelOrder(OrderId, "again", At(3))).ThenRejected(Rejection.InvalidTransition);
    }

    [Theory]
    [MemberData(nameof(CommandsOnAMissingOrder))]
    public void Every_command_but_create_on_a_missing_order_is_not_found(IOrderCommand command)
    {
        Given().When(command).ThenRejected(Rejection.NotFound);
    }

    public static TheoryData<IOrderCommand> CommandsOnAMissingOrder() =>
    [
        new AddOrderLine(OrderId, "A", 1, 1m, At(0)),
        new RemoveOrderLine(OrderId, "A", At(0)),
        new PayOrder(OrderId, "card", 1m, At(0)),
        new ShipOrder(OrderId, "ups", "1Z", At(0)),
        new DeliverOrder(OrderId, At(0)),
        new CancelOrder(OrderId, "why", At(0)),
    ];

    [Fact]
    public void Versions_count_the_events_and_updated_at_follows_the_last_one()
    {
        var state = OrderState.Replay([Created(Line("A")), Paid(10m), Shipped()]);
        Assert.Equal(3, state.Version);
        Assert.Equal(T0.AddMinutes(2), state.UpdatedAt);
        Assert.Equal(T0, state.CreatedAt);
    }

    [Fact]
    public void Applying_an_unknown_event_throws()
    {
        Assert.Throws<ArgumentException>(() => OrderState.Empty.Apply(new UnknownEvent(OrderId, T0, null)));
    }

    private sealed record UnknownEvent(string OrderId, DateTimeOffset Timestamp, string? CommandId) : IOrderEvent;
}
