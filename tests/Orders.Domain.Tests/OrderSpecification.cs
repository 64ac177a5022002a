using Orders.Domain;

namespace Orders.Domain.Tests;

/// <summary>Given(events) / When(command) / Then(events or rejection), with no actor system.</summary>
public abstract class OrderSpecification
{
    protected const string OrderId = "order-1";
    protected static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private OrderState _state = OrderState.Empty;
    private Decision? _decision;

    protected static CommandMetadata At(int minutes, string? commandId = null, long? expectedVersion = null) =>
        new(T0.AddMinutes(minutes), commandId, expectedVersion);

    protected static OrderCreated Created(params OrderLine[] lines) => new(OrderId, "customer-1", "USD", lines, T0);

    protected static OrderPaid Paid(decimal amount) => new(OrderId, new Payment("card"), amount, T0.AddMinutes(1));

    protected static OrderShipped Shipped() => new(OrderId, "ups", "1Z999", T0.AddMinutes(2));

    protected static OrderDelivered Delivered() => new(OrderId, T0.AddMinutes(3));

    protected static OrderCancelled Cancelled(decimal refund) => new(OrderId, "changed my mind", refund, T0.AddMinutes(2));

    protected static OrderLine Line(string sku, int quantity = 1, decimal unitPrice = 10m) => new(sku, quantity, unitPrice);

    public OrderSpecification Given(params IOrderEvent[] events)
    {
        _state = OrderState.Replay(events);
        return this;
    }

    public OrderSpecification When(IOrderCommand command)
    {
        _decision = OrderDecider.Decide(_state, command);
        return this;
    }

    public IReadOnlyList<IOrderEvent> ThenEvents()
    {
        var accepted = Assert.IsType<Decision.Accepted>(_decision);
        return accepted.Events;
    }

    public TEvent ThenEvent<TEvent>()
        where TEvent : IOrderEvent => Assert.IsType<TEvent>(Assert.Single(ThenEvents()));

    public Rejection ThenRejected(string code)
    {
        var rejected = Assert.IsType<Decision.Rejected>(_decision);
        Assert.Equal(code, rejected.Rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Rejection.Message));
        return rejected.Rejection;
    }

    public Decision.AlreadyApplied ThenAlreadyApplied() => Assert.IsType<Decision.AlreadyApplied>(_decision);

    protected OrderState State => _state;
}
