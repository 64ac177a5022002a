using Orders.Domain;
using Orders.Gateway.Security;

namespace Orders.Gateway.Commands;

/// <summary>
/// What only the caller's token can decide: a customer-scoped caller creates orders for its own customer (403
/// otherwise). Which existing orders it may touch is the order's own decision (<see cref="OrderOwnership"/> in
/// the decider), from the customer the command carries, so that it costs no second Ask and cannot be raced.
/// The scopes themselves (orders:write) are checked by the endpoint's authorization policy before this path.
/// </summary>
public sealed class AuthorizationStep : ICommandStep
{
    public Task<IResult> InvokeAsync(CommandContext command, CommandStepDelegate next, CancellationToken cancellationToken) =>
        command.Command is CreateOrder create && !OrderOwnership.Allows(create.Metadata.ActingCustomer, create.CustomerId)
            ? Task.FromResult(OrderAccess.OtherCustomer(create.CustomerId))
            : next(command, cancellationToken);
}
