using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting;

/// <summary>
/// Creates the read tables when the host starts, and keeps trying while their database is down: the host runs
/// (not ready) instead of dying. Projection workers start once the tables are there; until then
/// <see cref="Problem"/> says what is wrong, for the readiness check.
/// </summary>
public sealed class ReadSchemaStartup(ReadModelStore store, ILogger<ReadSchemaStartup> log) : BackgroundService
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the read tables exist.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Why the read tables are not usable yet; null once they are.</summary>
    public string? Problem { get; private set; } = "the read tables are being created";

    /// <summary>
    /// The first attempt is part of the host's start, so that with the database up the tables exist before anything
    /// serves; only when it fails does the host go on, not ready, and the retries run in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryCreateAsync(1, FirstRetry, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        for (var attempt = 2; !_ready.Task.IsCompleted; attempt++)
        {
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetry.Ticks));
            await TryCreateAsync(attempt, delay, stoppingToken);
        }
    }

    private async Task TryCreateAsync(int attempt, TimeSpan nextDelay, CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureSchemaAsync(cancellationToken);
            Problem = null;
            _ready.TrySetResult();
            if (attempt > 1)
            {
                log.LogInformation("The read tables are ready after {Attempts} attempts", attempt);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Problem = $"the read tables' database does not answer: {error.Message}";
            log.LogWarning("The read tables cannot be created yet (attempt {Attempt}); retrying in {Delay}: {Error}",
                attempt, nextDelay, error.Message);
        }
    }
}

public static class ReadSchemaStartupExtensions
{
    /// <summary>Registers <see cref="ReadSchemaStartup"/> as a service and as a hosted service.</summary>
    public static IServiceCollection AddReadSchemaStartup(this IServiceCollection services) =>
        services
            .AddSingleton(sp => new ReadSchemaStartup(sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<ILogger<ReadSchemaStartup>>()))
            .AddHostedService(sp => sp.GetRequiredService<ReadSchemaStartup>());
}
