namespace Orders.Contracts.Configuration;

public sealed class SnapshotSettings
{
    /// <summary>An order saves a snapshot of its state after every this many events. Default: 100.</summary>
    public int Every { get; set; } = 100;
}
