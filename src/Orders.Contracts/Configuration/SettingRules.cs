using Microsoft.Extensions.Options;

namespace Orders.Contracts.Configuration;

/// <summary>
/// The checks every settings validator uses (Orders, gateway, node), each returning its problem as a message that
/// starts with the setting's full key, so that a wrong value stops the host saying where to look.
/// </summary>
public static class SettingRules
{
    public static IEnumerable<string> AtLeastOne(string key, long value) =>
        value >= 1 ? [] : [$"{key} must be at least 1, not {value}"];

    public static IEnumerable<string> Positive(string key, TimeSpan value) =>
        value > TimeSpan.Zero ? [] : [$"{key} must be positive, not {value}"];

    /// <param name="anyFree">Whether 0 (any free port) is allowed.</param>
    public static IEnumerable<string> Port(string key, int value, bool anyFree) =>
        value >= (anyFree ? 0 : 1) && value <= 65535
            ? []
            : [$"{key} must be between {(anyFree ? "0 (any free port)" : "1")} and 65535, not {value}"];

    /// <summary>The validator's answer for a list of problems (none: success).</summary>
    public static ValidateOptionsResult Result(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        return all.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(all);
    }
}
