using Akka.Cluster.Sharding;
using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.WriteSide.Sharding;

/// <summary>Routes every message about an order to the one actor for that order id.</summary>
public sealed class OrderMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IOrderCommand command => command.OrderId,
        GetOrderState query => query.OrderId,
        _ => null,
    };
}
