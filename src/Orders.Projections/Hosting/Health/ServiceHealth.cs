using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Contracts.Database;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting.Health;

/// <param name="ReadinessTimeout">How long the journal database may take to answer a readiness check.</param>
/// <param name="ProjectionStallAfter">How long a worker's lag may stay without shrinking while events wait.</param>
public sealed record ServiceHealthSettings(TimeSpan ReadinessTimeout, TimeSpan ProjectionStallAfter)
{
    public static readonly ServiceHealthSettings Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
}

/// <summary>
/// The health checks of the service's hosts (the gateway at <c>/health/ready</c>, a node on its metrics listener):
/// this process an Up cluster member, the read tables there, the journal answering — and, where asked for, no
/// projection failed or stalled. That last check sees every worker of the cluster (the status table), so only the
/// gateway runs it: a node must not turn unready because a worker elsewhere stalled, or every node would be taken out
/// of service for one slice. Alive (<c>/health/live</c>) runs none of them: the process answers.
/// </summary>
public static class ServiceHealth
{
    /// <summary>The tag of the checks that make a host ready.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of the membership check alone (an Up member whose journal answers): what start-up ordering waits for.</summary>
    public const string MemberTag = "member";

    /// <param name="projections">
    /// Which projection workers readiness includes: every worker of the cluster (the gateway's view), or the ones that
    /// run in this process (a node's: <see cref="LocalSliceWorkers"/>). The status report it reads is registered
    /// here too (the gateway's API serves the same one).
    /// </param>
    public static IServiceCollection AddServiceHealthChecks(
        this IServiceCollection services, Func<IServiceProvider, ServiceHealthSettings> settings, ProjectionHealthScope projections)
    {
        services.AddSingleton(settings);
        var checks = services.AddHealthChecks().AddCheck<ClusterAndJournalCheck>("cluster-and-journal", tags: [ReadyTag, MemberTag]);
        services.AddSingleton(sp => new ProjectionStatusStore(sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JournalTables(sp.GetRequiredService<OrdersDatabase>()));
        services.AddSingleton<ProjectionStatusReport>();
        // One instance: it remembers each worker's progress between checks.
        services.AddSingleton(sp => new ProjectionHealthCheck(
            sp.GetRequiredService<ProjectionStatusReport>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ServiceHealthSettings>(),
            projections == ProjectionHealthScope.Cluster ? _ => true : LocalSliceWorkers.Get(sp.GetRequiredService<ActorSystem>()).Runs));
        checks.AddCheck<ProjectionHealthCheck>("projections", tags: [ReadyTag]);
        return services;
    }

    /// <summary>A health report as the endpoints answer it: the overall status and, per check, its status and why.</summary>
    public static object Describe(HealthReport report) => new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description ?? entry.Value.Exception?.Message }),
    };
}

/// <summary>Which projection workers a host's readiness includes.</summary>
public enum ProjectionHealthScope
{
    /// <summary>Every worker of the cluster, from the status table (the gateway, which sees the whole read side).</summary>
    Cluster,

    /// <summary>The workers that run in this process (a node: its own slices, as they move to and from it).</summary>
    ThisNode,
}
