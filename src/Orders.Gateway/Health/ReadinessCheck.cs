using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Contracts.Database;
using Orders.Gateway.Configuration;
using Orders.Projections.Hosting;

namespace Orders.Gateway.Health;

/// <summary>
/// Ready when this node is an Up member of the cluster, the read tables exist, and the journal database answers in time.
/// </summary>
public sealed class ReadinessCheck(
    ActorSystem system, ReadSchemaStartup readSchema, OrdersDatabase database, IOptions<GatewaySettings> gateway)
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
        timeout.CancelAfter(gateway.Value.ReadinessTimeout);
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
