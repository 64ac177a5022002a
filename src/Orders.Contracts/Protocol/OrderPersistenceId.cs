namespace Orders.Contracts.Protocol;

/// <summary>Maps order ids to journal persistence ids and back.</summary>
public static class OrderPersistenceId
{
    public const string Prefix = "order-";

    public static string For(string orderId) => Prefix + orderId;

    public static string? ToOrderId(string persistenceId) =>
        persistenceId.StartsWith(Prefix, StringComparison.Ordinal) ? persistenceId[Prefix.Length..] : null;
}
