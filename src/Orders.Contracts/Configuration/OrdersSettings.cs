namespace Orders.Contracts.Configuration;

/// <summary>
/// The <c>Orders</c> section of the configuration (appsettings.json, then environment variables such as
/// <c>Orders__Database__Provider</c>). Every host binds the same section.
/// </summary>
public sealed class OrdersSettings
{
    public const string SectionName = "Orders";

    public DatabaseSettings Database { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public ProjectionSettings Projections { get; set; } = new();

    public SnapshotSettings Snapshots { get; set; } = new();
}
