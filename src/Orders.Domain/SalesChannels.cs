namespace Orders.Domain;

/// <summary>
/// Where an order was placed. Every order has one: orders created before channels existed (stored as
/// <c>order-created.v1</c>) came through the web shop, the only channel there was, so they read as <see cref="Web"/>.
/// </summary>
public static class SalesChannels
{
    public const string Web = "web";
    public const string Mobile = "mobile";
    public const string Store = "store";
    public const string Marketplace = "marketplace";
    public const string Phone = "phone";

    /// <summary>The channel of a create command that names none, and of every order created before channels existed.</summary>
    public const string Default = Web;

    public static IReadOnlyList<string> All { get; } = [Web, Mobile, Store, Marketplace, Phone];

    public static bool IsKnown(string? channel) => channel is not null && All.Contains(channel);
}
