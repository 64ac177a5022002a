using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;

namespace Orders.Gateway.Configuration;

/// <summary>The <c>Orders:Gateway</c> section.</summary>
public sealed class GatewaySettings
{
    public const string SectionName = "Orders:Gateway";

    /// <summary>How long a command may wait for its order actor before the request answers 503. Default: 5 s.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The Ask timeout while a cluster member is unreachable (a node crashed or is cut off, and is not yet removed), and
    /// for twice this long after such a member is removed (a command may still go to its region until then).
    /// Commands for that node's orders are lost on the way, so they answer 503 after this instead of
    /// <see cref="AskTimeout"/>, and the client's retry (same Idempotency-Key) reaches the orders as soon as they have
    /// moved. Commands to the other orders answer within milliseconds and are not affected, except one that takes
    /// longer than this: it answers 503 too, and the retry returns its stored outcome. Default: 1 s.
    /// </summary>
    public TimeSpan AskTimeoutWhileUnreachable { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest accepted request body; larger ones answer 413. Default: 64 KiB (an order of 100 lines needs ~10 KiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long the readiness check waits for the journal database. Default: 2 s.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <c>GET /orders/{id}?minVersion=N</c> waits for the read tables to reach version N. Default: 5 s.</summary>
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A projection worker whose lag has not shrunk for this long while events wait makes /health/ready fail. Default: 30 s.</summary>
    public TimeSpan ProjectionStallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Commands this gateway has sent and not yet had answered; beyond it a command answers 503 (code
    /// <c>overloaded</c>) at once instead of queuing — back-pressure rather than memory growth. Default: 1 000.
    /// </summary>
    public int MaxCommandsInFlight { get; set; } = 1000;

    /// <summary>Requests per client (its address) before it gets 429; health endpoints are never limited.</summary>
    public RateLimitSettings RateLimit { get; set; } = new();
}

/// <summary><c>Orders:Gateway:RateLimit</c>: a token bucket per client.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per client. Default: 500.</summary>
    public int PermitsPerSecond { get; set; } = 500;

    /// <summary>Requests a client may send at once after being idle. Default: 1 000.</summary>
    public int Burst { get; set; } = 1000;
}

/// <summary>Checks <see cref="GatewaySettings"/> at start; each message names its key.</summary>
public sealed class GatewaySettingsValidation : IValidateOptions<GatewaySettings>
{
    public ValidateOptionsResult Validate(string? name, GatewaySettings options)
    {
        const string key = GatewaySettings.SectionName;
        return SettingRules.Result(
            SettingRules.Positive($"{key}:{nameof(options.AskTimeout)}", options.AskTimeout)
                .Concat(SettingRules.Positive($"{key}:{nameof(options.AskTimeoutWhileUnreachable)}", options.AskTimeoutWhileUnreachable))
                .Concat(SettingRules.Positive($"{key}:{nameof(options.ReadinessTimeout)}", options.ReadinessTimeout))
                .Concat(SettingRules.Positive($"{key}:{nameof(options.ReadYourWritesTimeout)}", options.ReadYourWritesTimeout))
                .Concat(SettingRules.Positive($"{key}:{nameof(options.ProjectionStallAfter)}", options.ProjectionStallAfter))
                .Concat(SettingRules.AtLeastOne($"{key}:{nameof(options.MaxRequestBodyBytes)}", options.MaxRequestBodyBytes))
                .Concat(SettingRules.AtLeastOne($"{key}:{nameof(options.MaxCommandsInFlight)}", options.MaxCommandsInFlight))
                .Concat(SettingRules.AtLeastOne($"{key}:RateLimit:PermitsPerSecond", options.RateLimit.PermitsPerSecond))
                .Concat(SettingRules.AtLeastOne($"{key}:RateLimit:Burst", options.RateLimit.Burst)));
    }
}
