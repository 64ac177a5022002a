using Akka.Persistence.Query;
using Orders.Domain;

namespace Orders.Projections.Runtime;

/// <summary>
/// One event applied to one order, with the order as it was before and after — folded by the domain's own
/// <see cref="OrderState.Apply"/>, so that no projection re-implements the order's rules.
/// </summary>
public sealed record OrderChange(EventEnvelope Envelope, IOrderEvent Event, OrderState Before, OrderState After);
