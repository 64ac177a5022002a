namespace Orders.Domain;

/// <summary>Decides a command against an order's state. Pure: no clock, no ids, no I/O.</summary>
public static class OrderDecider
{
    public static Decision Decide(OrderState state, IOrderCommand command)
    {
        // First, before anything that would tell what the order holds (even whether a command id was applied). A
        // create answers as any create of a taken id does; every other command as for an order that does not exist.
        if (state.Exists && !OrderOwnership.Allows(command.Metadata.ActingCustomer, state.CustomerId))
        {
            return command is CreateOrder
                ? Reject(Rejection.AlreadyExists, $"order '{command.OrderId}' exists already")
                : new Decision.Rejected(OrderOwnership.Missing(command.OrderId));
        }

        // A retried command gets its original outcome even if the order has moved on since.
        if (command.Metadata is { CommandId: { } commandId } && state.AppliedCommands.TryGetVersion(commandId, out var version))
        {
            return new Decision.AlreadyApplied(version);
        }

        if (OrderCommandValidator.Validate(command) is { } invalid)
        {
            return new Decision.Rejected(invalid);
        }

        if (!state.Exists && command is not CreateOrder)
        {
            return new Decision.Rejected(OrderOwnership.Missing(command.OrderId));
        }

        if (command.Metadata.ExpectedVersion is { } expected && expected != state.Version)
        {
            return Reject(Rejection.VersionConflict,
                $"order '{command.OrderId}' is at version {state.Version}, not {expected}");
        }

        var at = command.Metadata.Timestamp;
        var id = command.Metadata.CommandId;
        return command switch
        {
            CreateOrder c => state.Exists
                ? Reject(Rejection.AlreadyExists, $"order '{c.OrderId}' exists already")
                : Accept(new OrderCreated(c.OrderId, c.CustomerId, c.Currency, [.. c.Lines], at, id,
                    c.SalesChannel ?? SalesChannels.Default)),
            AddOrderLine c => AddLine(state, c),
            RemoveOrderLine c => RemoveLine(state, c),
            PayOrder c => Pay(state, c),
            ShipOrder c => state.Status == OrderStatus.Paid
                ? Accept(new OrderShipped(c.OrderId, c.Carrier, c.TrackingNumber, at, id))
                : NotAllowed(state, "shipped"),
            DeliverOrder c => state.Status == OrderStatus.Shipped
                ? Accept(new OrderDelivered(c.OrderId, at, id))
                : NotAllowed(state, "delivered"),
            CancelOrder c => state.Status is OrderStatus.Pending or OrderStatus.Paid
                ? Accept(new OrderCancelled(c.OrderId, c.Reason, state.AmountPaid ?? 0m, at, id))
                : NotAllowed(state, "cancelled"),
            _ => Reject(Rejection.Validation, $"unknown command {command.GetType().Name}"),
        };
    }

    private static Decision AddLine(OrderState state, AddOrderLine c)
    {
        if (state.Status != OrderStatus.Pending)
        {
            return NotAllowed(state, "changed");
        }

        if (state.FindLine(c.Sku) is not null)
        {
            return Reject(Rejection.RuleViolation,
                $"SKU '{c.Sku}' is on the order already; remove that line first to change it");
        }

        if (state.Lines.Count >= OrderLimits.MaxLines)
        {
            return Reject(Rejection.RuleViolation, $"an order has at most {OrderLimits.MaxLines} lines");
        }

        return Accept(new OrderLineAdded(c.OrderId, c.Sku, c.Quantity, c.UnitPrice, c.Metadata.Timestamp, c.Metadata.CommandId));
    }

    private static Decision RemoveLine(OrderState state, RemoveOrderLine c)
    {
        if (state.Status != OrderStatus.Pending)
        {
            return NotAllowed(state, "changed");
        }

        return state.FindLine(c.Sku) is null
            ? Reject(Rejection.NotFound, $"order '{c.OrderId}' has no line for SKU '{c.Sku}'")
            : Accept(new OrderLineRemoved(c.OrderId, c.Sku, c.Metadata.Timestamp, c.Metadata.CommandId));
    }

    private static Decision Pay(OrderState state, PayOrder c)
    {
        if (state.Status != OrderStatus.Pending)
        {
            return NotAllowed(state, "paid");
        }

        if (state.Lines.IsEmpty)
        {
            return Reject(Rejection.RuleViolation, "an order without lines cannot be paid");
        }

        return c.Amount != state.Total
            ? Reject(Rejection.AmountMismatch, $"the payment of {c.Amount} does not equal the order total of {state.Total}")
            : Accept(new OrderPaid(c.OrderId, new Payment(c.PaymentMethod, c.PaymentReference), c.Amount,
                c.Metadata.Timestamp, c.Metadata.CommandId));
    }

    private static Decision Accept(IOrderEvent @event) => new Decision.Accepted([@event]);

    private static Decision Reject(string code, string message) => new Decision.Rejected(new Rejection(code, message));

    private static Decision NotAllowed(OrderState state, string what) =>
        Reject(Rejection.InvalidTransition, $"a {state.Status.ToString().ToLowerInvariant()} order cannot be {what}");
}
