namespace Orders.Domain;

/// <summary>The outcome of deciding a command against an order's state.</summary>
public abstract record Decision
{
    private Decision()
    {
    }

    /// <summary>The command is accepted; these events record it.</summary>
    public sealed record Accepted(IReadOnlyList<IOrderEvent> Events) : Decision;

    /// <summary>The command is refused; nothing changes.</summary>
    public sealed record Rejected(Rejection Rejection) : Decision;

    /// <summary>The command's id was applied before, bringing the order to <paramref name="Version"/>; nothing changes.</summary>
    public sealed record AlreadyApplied(long Version) : Decision;
}
