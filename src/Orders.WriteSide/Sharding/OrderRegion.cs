namespace Orders.WriteSide.Sharding;

/// <summary>Registry key of the orders shard region (or its proxy on nodes without the <c>write</c> role).</summary>
public sealed class OrderRegion
{
    public const string TypeName = "orders";
}
