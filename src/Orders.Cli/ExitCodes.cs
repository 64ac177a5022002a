namespace Orders.Cli;

/// <summary>What <c>orders-query</c> returns to scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A check failed: unreadable events, drift, a projection that must be paused first.</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line is wrong, or what it names does not exist.</summary>
    public const int UsageOrNotFound = 2;

    public const int NotFound = UsageOrNotFound;

    /// <summary>The database cannot be reached (or answers with an error).</summary>
    public const int CannotConnect = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
