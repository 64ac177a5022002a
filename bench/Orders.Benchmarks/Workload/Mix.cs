namespace Orders.Benchmarks.Workload;

/// <summary>What the in-flight commands do.</summary>
public enum Mix
{
    /// <summary>About one create in five commands: each order is created, then gets four lines, one command at a time.</summary>
    Realistic,

    /// <summary>Every command creates a new order: every write is also a new order's first (its recovery included).</summary>
    CreateOnly,
}

public static class Mixes
{
    public static string Name(Mix mix) => mix == Mix.Realistic ? "realistic" : "create-only";

    /// <summary>Commands per order in the realistic mix: a create and four new lines.</summary>
    public const int RealisticCommandsPerOrder = 5;
}
