using Orders.Domain;

namespace Orders.Domain.Tests;

/// <summary>Version 2 of the events: every order has a sales channel; a payment has a method and an optional reference.</summary>
public sealed class SalesChannelAndPaymentTests : OrderSpecification
{
    [Fact]
    public void An_order_created_without_a_channel_is_a_web_order()
    {
        var created = Given().When(new CreateOrder(OrderId, "customer-1", "USD", [Line("A")], At(0))).ThenEvent<OrderCreated>();

        Assert.Equal(SalesChannels.Web, created.SalesChannel);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("mobile")]
    [InlineData("store")]
    [InlineData("marketplace")]
    [InlineData("phone")]
    public void An_order_keeps_the_channel_it_was_created_through(string channel)
    {
        var created = Given().When(new CreateOrder(OrderId, "customer-1", "USD", [Line("A")], At(0), channel)).ThenEvent<OrderCreated>();

        Assert.Equal(channel, created.SalesChannel);
        Assert.Equal(channel, OrderState.Replay([created]).SalesChannel);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Web")]
    [InlineData("fax")]
    [InlineData("web; DROP TABLE journal")]
    public void An_unknown_channel_is_invalid(string channel)
    {
        var rejection = Given().When(new CreateOrder(OrderId, "customer-1", "USD", [Line("A")], At(0), channel))
            .ThenRejected(Rejection.Validation);

        Assert.Contains("salesChannel must be one of web, mobile, store, marketplace, phone", rejection.Message);
    }

    [Fact]
    public void A_payment_records_its_method_and_reference()
    {
        var paid = Given(Created(Line("A", 2, 5m))).When(new PayOrder(OrderId, "card", 10m, At(1), "ch_3NfX")).ThenEvent<OrderPaid>();

        Assert.Equal(new Payment("card", "ch_3NfX"), paid.Payment);
        var state = OrderState.Replay([Created(Line("A", 2, 5m)), paid]);
        Assert.Equal(("card", "ch_3NfX"), (state.PaymentMethod, state.PaymentReference));
    }

    [Fact]
    public void A_payment_without_a_reference_has_none()
    {
        var paid = Given(Created(Line("A", 2, 5m))).When(new PayOrder(OrderId, "invoice", 10m, At(1))).ThenEvent<OrderPaid>();

        Assert.Equal(new Payment("invoice", null), paid.Payment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ref\nwith newline")]
    public void A_blank_or_control_character_reference_is_invalid(string reference)
    {
        var rejection = Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, At(1), reference)).ThenRejected(Rejection.Validation);

        Assert.Contains("paymentReference", rejection.Message);
    }

    [Fact]
    public void A_reference_longer_than_200_characters_is_invalid()
    {
        Given(Created(Line("A"))).When(new PayOrder(OrderId, "card", 10m, At(1), new string('r', 201))).ThenRejected(Rejection.Validation);
    }
}
