namespace Orders.Domain;

/// <summary>Why a command was refused. <see cref="Code"/> is stable: clients and the gateway switch on it.</summary>
public sealed record Rejection(string Code, string Message)
{
    /// <summary>The command itself is malformed, whatever the order's state (HTTP 400).</summary>
    public const string Validation = "validation";

    /// <summary>The order, or the line the command names, does not exist (HTTP 404).</summary>
    public const string NotFound = "not-found";

    /// <summary>An order with this id exists already (HTTP 409).</summary>
    public const string AlreadyExists = "already-exists";

    /// <summary>The order's status does not allow the command (HTTP 409).</summary>
    public const string InvalidTransition = "invalid-transition";

    /// <summary>A rule about the order's current content refuses the command (HTTP 409).</summary>
    public const string RuleViolation = "rule-violation";

    /// <summary>The payment does not equal the order's total (HTTP 409).</summary>
    public const string AmountMismatch = "amount-mismatch";

    /// <summary>The command expected another version of the order (HTTP 412).</summary>
    public const string VersionConflict = "version-conflict";
}
