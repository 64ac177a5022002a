using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orders.Contracts.Configuration;

/// <summary>
/// Checks the <c>Orders</c> section once, at start: every problem is reported together, each naming its key
/// (<c>Orders:Cluster:Roles</c>, …), before the actor system or the database is touched.
/// </summary>
public sealed class OrdersSettingsValidation : IValidateOptions<OrdersSettings>
{
    /// <summary>Binds the <c>Orders</c> section once and validates it when the host starts (and on any later read).</summary>
    public static OptionsBuilder<OrdersSettings> Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<OrdersSettings>, OrdersSettingsValidation>();
        return services.AddOptions<OrdersSettings>()
            .Bind(configuration.GetSection(OrdersSettings.SectionName))
            .ValidateOnStart();
    }

    public ValidateOptionsResult Validate(string? name, OrdersSettings options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Everything wrong with these settings, one sentence each, each starting with the key it is about.</summary>
    public static IEnumerable<string> Problems(OrdersSettings settings) =>
        DatabaseProblems(settings.Database)
            .Concat(ClusterProblems(settings.Cluster))
            .Concat(ProjectionProblems(settings.Projections))
            .Concat(SettingRules.AtLeastOne("Orders:Snapshots:Every", settings.Snapshots.Every));

    public static IEnumerable<string> DatabaseProblems(DatabaseSettings database)
    {
        const string key = "Orders:Database";
        if (!Enum.IsDefined(database.Provider))
        {
            yield return $"{key}:Provider must be one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}";
        }

        if (string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            yield return $"{key}:ConnectionString is empty";
        }

        foreach (var problem in SettingRules.AtLeastOne($"{key}:CircuitBreaker:MaxFailures", database.CircuitBreaker.MaxFailures)
                     .Concat(SettingRules.Positive($"{key}:CircuitBreaker:CallTimeout", database.CircuitBreaker.CallTimeout))
                     .Concat(SettingRules.Positive($"{key}:CircuitBreaker:ResetTimeout", database.CircuitBreaker.ResetTimeout)))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ClusterProblems(ClusterSettings cluster)
    {
        const string key = "Orders:Cluster";
        foreach (var role in cluster.Roles.Where(role => !ClusterSettings.AllRoles.Contains(role)).Distinct())
        {
            yield return $"{key}:Roles: '{role}' is not a role; the roles are {string.Join(", ", ClusterSettings.AllRoles)} "
                         + "(leave Roles unset for all of them)";
        }

        foreach (var role in cluster.Roles.GroupBy(role => role).Where(group => group.Count() > 1))
        {
            yield return $"{key}:Roles names '{role.Key}' {role.Count()} times. Configuration merges lists by index: "
                         + $"{key.Replace(":", "__")}__Roles__0 replaces only the first entry of a list set in a settings file, "
                         + "so set Roles in one place only";
        }

        if (string.IsNullOrWhiteSpace(cluster.Hostname))
        {
            yield return $"{key}:Hostname is empty: name the address remoting binds to (127.0.0.1 on one machine)";
        }

        foreach (var problem in SettingRules.Port($"{key}:Port", cluster.Port, anyFree: true))
        {
            yield return problem;
        }

        foreach (var seed in cluster.SeedNodes.Where(seed => !IsNodeAddress(seed)))
        {
            yield return $"{key}:SeedNodes: '{seed}' is not a node address such as akka.tcp://orders@host:4053";
        }

        foreach (var problem in SettingRules.AtLeastOne($"{key}:NumberOfShards", cluster.NumberOfShards)
                     .Concat(SettingRules.Positive($"{key}:PassivateIdleAfter", cluster.PassivateIdleAfter))
                     .Concat(SettingRules.AtLeastOne($"{key}:MaxCommandsAwaitingJournal", cluster.MaxCommandsAwaitingJournal))
                     .Concat(ResolverProblems(cluster.SplitBrainResolver))
                     .Concat(FailureDetectorProblems(cluster.FailureDetector))
                     .Concat(TlsProblems(cluster.Tls)))
        {
            yield return problem;
        }
    }

    private static bool IsNodeAddress(string seed) =>
        Uri.TryCreate(seed, UriKind.Absolute, out var address)
        && address.Scheme is "akka.tcp" or "akka.ssl.tcp"
        && address.UserInfo.Length > 0
        && address.Port > 0;

    private static IEnumerable<string> FailureDetectorProblems(FailureDetectorSettings detector)
    {
        const string key = "Orders:Cluster:FailureDetector";
        var problems = SettingRules.Positive($"{key}:HeartbeatInterval", detector.HeartbeatInterval)
            .Concat(SettingRules.Positive($"{key}:AcceptableHeartbeatPause", detector.AcceptableHeartbeatPause)).ToList();
        if (problems.Count == 0 && detector.AcceptableHeartbeatPause < 2 * detector.HeartbeatInterval)
        {
            problems.Add($"{key}:AcceptableHeartbeatPause ({detector.AcceptableHeartbeatPause}) must be at least twice HeartbeatInterval "
                         + $"({detector.HeartbeatInterval}): a late heartbeat would soon mark a node unreachable, and Akka logs a warning "
                         + "for every heartbeat that comes two thirds of the pause after the one before");
        }

        return problems;
    }

    private static IEnumerable<string> ResolverProblems(SplitBrainResolverSettings resolver)
    {
        const string key = "Orders:Cluster:SplitBrainResolver";
        if (!SplitBrainResolverSettings.Strategies.Contains(resolver.Strategy))
        {
            yield return $"{key}:Strategy must be one of {string.Join(", ", SplitBrainResolverSettings.Strategies)}, not '{resolver.Strategy}'";
        }

        if (resolver.StableAfter <= TimeSpan.Zero)
        {
            yield return $"{key}:StableAfter must be positive";
        }

        if (resolver.DownRemovalMargin <= TimeSpan.Zero)
        {
            yield return $"{key}:DownRemovalMargin must be positive (Akka reads zero as \"as long as StableAfter\")";
        }

        if (resolver.Strategy == SplitBrainResolverSettings.StaticQuorum && resolver.QuorumSize < 1)
        {
            yield return $"{key}:QuorumSize must be at least 1 for static-quorum";
        }
    }

    /// <summary>TLS that is on must have a readable certificate with its private key: checked here, not when Akka dials.</summary>
    private static IEnumerable<string> TlsProblems(RemoteTlsSettings tls)
    {
        const string key = "Orders:Cluster:Tls";
        if (!tls.Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            yield return $"{key}:Enabled is true but {key}:CertificatePath is empty: name a .pfx file with the node's certificate and key";
            yield break;
        }

        if (!File.Exists(tls.CertificatePath))
        {
            yield return $"{key}:CertificatePath '{tls.CertificatePath}' does not exist";
            yield break;
        }

        string? problem;
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
            problem = certificate.HasPrivateKey
                ? null
                : $"{key}:CertificatePath: the certificate in '{tls.CertificatePath}' has no private key; a node needs its key to accept TLS connections";
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problem = $"{key}:CertificatePath '{tls.CertificatePath}' could not be read with the given password ({key}:CertificatePassword): {error.Message}";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }

    public static IEnumerable<string> ProjectionProblems(ProjectionSettings projections)
    {
        const string key = "Orders:Projections";
        return SettingRules.AtLeastOne($"{key}:Slices", projections.Slices)
            .Concat(SettingRules.AtLeastOne($"{key}:BatchSize", projections.BatchSize))
            .Concat(projections.BatchWindow < TimeSpan.Zero ? [$"{key}:BatchWindow must not be negative"] : [])
            .Concat(SettingRules.Positive($"{key}:PollInterval", projections.PollInterval))
            .Concat(SettingRules.Positive($"{key}:MinRestartBackoff", projections.MinRestartBackoff))
            .Concat(projections.MaxRestartBackoff < projections.MinRestartBackoff
                ? [$"{key}:MaxRestartBackoff ({projections.MaxRestartBackoff}) must not be shorter than MinRestartBackoff ({projections.MinRestartBackoff})"]
                : [])
            .Concat(SettingRules.Positive($"{key}:BacktrackingInterval", projections.BacktrackingInterval))
            .Concat(SettingRules.Positive($"{key}:BacktrackingWindow", projections.BacktrackingWindow))
            .Concat(SettingRules.Positive($"{key}:ControlInterval", projections.ControlInterval))
            .Concat(SettingRules.Positive($"{key}:GapWait", projections.GapWait));
    }
}
