using Orders.Domain;

namespace Orders.Domain.Tests;

public sealed class OrderValidationTests : OrderSpecification
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void A_quantity_outside_1_to_10000_is_invalid(int quantity)
    {
        Given(Created()).When(new AddOrderLine(OrderId, "A", quantity, 1m, At(1))).ThenRejected(Rejection.Validation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void The_quantity_bounds_are_inclusive(int quantity)
    {
        Given(Created()).When(new AddOrderLine(OrderId, "A", quantity, 1m, At(1))).ThenEvent<OrderLineAdded>();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.001")]
    [InlineData("1000000.01")]
    public void A_unit_price_must_be_positive_with_at_most_two_decimals(string price)
    {
        var rejection = Given(Created()).When(new AddOrderLine(OrderId, "A", 1, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), At(1)))
            .ThenRejected(Rejection.Validation);
        Assert.Contains("unitPrice", rejection.Message);
    }

    [Fact]
    public void A_payment_amount_with_three_decimals_is_invalid()
    {
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10.001m, At(1))).ThenRejected(Rejection.Validation);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("semi;colon")]
    [InlineData("quote'")]
    public void Malformed_order_ids_are_invalid(string orderId)
    {
        Given().When(new CreateOrder(orderId, "customer-1", "USD", [], At(0))).ThenRejected(Rejection.Validation);
    }

    [Fact]
    public void An_order_id_longer_than_64_characters_is_invalid()
    {
        Given().When(new CreateOrder(new string('a', 65), "customer-1", "USD", [], At(0))).ThenRejected(Rejection.Validation);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("")]
    [InlineData("EURO")]
    public void Currency_must_be_three_capital_letters(string currency)
    {
        Given().When(new CreateOrder(OrderId, "customer-1", currency, [], At(0))).ThenRejected(Rejection.Validation);
    }

    [Fact]
    public void A_create_with_the_same_sku_twice_is_invalid()
    {
        Given().When(new CreateOrder(OrderId, "customer-1", "USD", [Line("A"), Line("A")], At(0))).ThenRejected(Rejection.Validation);
    }

    [Fact]
    public void A_create_with_more_than_100_lines_is_invalid()
    {
        var lines = Enumerable.Range(0, OrderLimits.MaxLines + 1).Select(i => Line($"S{i}")).ToArray();
        Given().When(new CreateOrder(OrderId, "customer-1", "USD", lines, At(0))).ThenRejected(Rejection.Validation);
    }

    [Fact]
    public void Required_texts_must_not_be_blank()
    {
        Given().When(new CreateOrder(OrderId, " ", "USD", [], At(0))).ThenRejected(Rejection.Validation);
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "", 10m, At(1))).ThenRejected(Rejection.Validation);
        Given(Created(Line("A")), Paid(10m)).When(new ShipOrder(OrderId, "ups", "", At(2))).ThenRejected(Rejection.Validation);
        Given(Created(Line("A"))).When(new CancelOrder(OrderId, "", At(1))).ThenRejected(Rejection.Validation);
    }

    [Fact]
    public void Every_problem_of_a_command_is_reported_at_once()
    {
        var rejection = Given().When(new CreateOrder(OrderId, "", "usd", [Line("A", 0, 0m)], At(0))).ThenRejected(Rejection.Validation);
        Assert.Contains("customerId", rejection.Message);
        Assert.Contains("currency", rejection.Message);
        Assert.Contains("quantity", rejection.Message);
        Assert.Contains("unitPrice", rejection.Message);
    }

    [Fact]
    public void Validation_comes_before_existence_so_bad_input_never_looks_like_a_missing_order()
    {
        Given().When(new PayOrder(OrderId, "card", -1m, At(0))).ThenRejected(Rejection.Validation);
    }
}
