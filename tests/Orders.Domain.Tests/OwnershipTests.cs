using Orders.Domain;

namespace Orders.Domain.Tests;

/// <summary>
/// A command carries the customer a customer-scoped caller is limited to, and the order decides: another customer's
/// order is refused exactly as one that does not exist, before anything about it is told.
/// </summary>
public sealed class OwnershipTests : OrderSpecification
{
    private static CommandMetadata As(string? customer, string? commandId = null) => At(5, commandId) with { ActingCustomer = customer };

    [Fact]
    public void Another_customer_s_order_answers_as_a_missing_one_even_for_a_command_id_it_has_applied()
    {
        var paid = new OrderPaid(OrderId, new Payment("card"), 10m, T0.AddMinutes(1), "pay-1");
        var missing = Given().When(new CancelOrder(OrderId, "mine now", As("customer-2"))).ThenRejected(Rejection.NotFound);

        var hidden = Given(Created(Line("A")), paid).When(new CancelOrder(OrderId, "mine now", As("customer-2"))).ThenRejected(Rejection.NotFound);
        var retried = Given(Created(Line("A")), paid)
            .When(new PayOrder(OrderId, "card", 10m, As("customer-2", "pay-1"))).ThenRejected(Rejection.NotFound);

        Assert.Equal(missing, hidden);
        Assert.Equal(missing, retried);
    }

    [Fact]
    public void The_owner_and_an_unscoped_caller_are_decided_as_before()
    {
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, As("customer-1"))).ThenEvent<OrderPaid>();
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, As(null))).ThenEvent<OrderPaid>();
        Given(Created(Line("A")), new OrderPaid(OrderId, new Payment("card"), 10m, T0.AddMinutes(1), "pay-1"))
            .When(new PayOrder(OrderId, "card", 10m, As("customer-1", "pay-1"))).ThenAlreadyApplied();
    }

    [Fact]
    public void Creating_an_order_id_another_customer_holds_answers_as_any_taken_id_even_with_the_owner_s_command_id()
    {
        var created = Created(Line("A")) with { CommandId = "create-1" };

        // Without the check first, the owner's command id would be recognised: a replayed 201 for someone else's order.
        Given(created).When(new CreateOrder(OrderId, "customer-2", "USD", [Line("A")], As("customer-2", "create-1")))
            .ThenRejected(Rejection.AlreadyExists);
        Given(created).When(new CreateOrder(OrderId, "customer-1", "USD", [Line("A")], As("customer-1", "create-1")))
            .ThenAlreadyApplied();
    }
}
