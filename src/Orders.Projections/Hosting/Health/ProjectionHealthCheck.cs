using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Projections.Runtime;

namespace Orders.Projections.Hosting.Health;

/// <summary>
/// Unhealthy when a projection worker has failed, or when its lag has not shrunk for
/// <see cref="ServiceHealthSettings.ProjectionStallAfter"/> while events wait: a stalled projection must not look
/// healthy. A paused worker is an operator's choice and does not count. <paramref name="includeSlice"/> chooses the
/// workers: every one (the gateway's view) or this node's own (<see cref="LocalSliceWorkers"/>).
/// </summary>
public sealed class ProjectionHealthCheck(ProjectionStatusReport report, TimeProvider clock, ServiceHealthSettings settings, Func<int, bool> includeSlice)
    : IHealthCheck
{
    // Per worker: the smallest lag seen lately and when it was last smaller.
    private readonly ConcurrentDictionary<(string, int), (long Lag, DateTimeOffset Since)> _progress = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var problems = new List<string>();
        var workers = await report.ReadAsync(includeSlice, cancellationToken);
        // A worker no longer checked here (its slice moved to another node) starts afresh if it comes back.
        foreach (var gone in _progress.Keys.Except(workers.Select(worker => (worker.Projection, worker.Slice))).ToList())
        {
            _progress.TryRemove(gone, out _);
        }

        foreach (var worker in workers)
        {
            var key = (worker.Projection, worker.Slice);
            if (worker.State == ProjectionState.Failed)
            {
                problems.Add($"{worker.Projection}/{worker.Slice} failed at {worker.ErrorPersistenceId} #{worker.ErrorSequenceNr}");
                continue;
            }

            if (worker.LagEvents == 0 || worker.State == ProjectionState.Paused)
            {
                _progress.TryRemove(key, out _);
                continue;
            }

            var seen = _progress.AddOrUpdate(key, (worker.LagEvents, now),
                (_, previous) => worker.LagEvents < previous.Lag ? (worker.LagEvents, now) : previous);
            if (now - seen.Since > settings.ProjectionStallAfter)
            {
                problems.Add($"{worker.Projection}/{worker.Slice} has {worker.LagEvents} events waiting and made no progress for {(now - seen.Since).TotalSeconds:0} s");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("projections are following the journal")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }
}
