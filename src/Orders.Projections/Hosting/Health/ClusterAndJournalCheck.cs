using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Contracts.Database;

namespace Orders.Projections.Hosting.Health;

/// <summary>
/// Ready when this process is an Up member of the cluster, the read tables exist, and the journal database answers
/// within <see cref="ServiceHealthSettings.ReadinessTimeout"/>. The gateway and every node run it.
/// </summary>
public sealed class ClusterAndJournalCheck(
    ActorSystem system, ReadSchemaStartup readSchema, OrdersDatabase database, ServiceHealthSettings settings)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (readSchema.Problem is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }

        var member = Akka.Cluster.Cluster.Get(system).SelfMember;
        if (member.Status != MemberStatus.Up)
        {
            return HealthCheckResult.Unhealthy($"cluster member is {member.Status}, not Up");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ReadinessTimeout);
        try
        {
            await database.PingAsync(timeout.Token);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the journal database does not answer: " + error.Message);
        }

        return HealthCheckResult.Healthy("cluster up, journal reachable");
    }
}
