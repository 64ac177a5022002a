using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;
using Orders.Projections.Schema;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting;

/// <summary>
/// Brings the read tables to the latest schema version when the host starts (<see cref="ReadModelStore.MigrateAsync"/>),
/// or — with <c>Orders:Database:MigrateOnStart</c> false — waits until an operator has (<c>orders-query migrate</c>).
/// It keeps trying while the database is down: the host runs (not ready) instead of dying. Projection workers start
/// once the tables are ready; until then <see cref="Problem"/> says what is wrong, for the readiness check.
/// </summary>
public sealed class ReadSchemaStartup(ReadModelStore store, bool migrate, ILogger<ReadSchemaStartup> log) : BackgroundService
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
        await TryMakeReadyAsync(1, FirstRetry, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        for (var attempt = 2; !_ready.Task.IsCompleted; attempt++)
        {
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetry.Ticks));
            await TryMakeReadyAsync(attempt, delay, stoppingToken);
        }
    }

    private async Task TryMakeReadyAsync(int attempt, TimeSpan nextDelay, CancellationToken cancellationToken)
    {
        try
        {
            if (migrate)
            {
                var applied = await store.MigrateAsync(cancellationToken);
                if (applied.Count > 0)
                {
                    log.LogInformation("Read schema migrated to version {Version}: {Applied}", ReadSchemaMigrations.Latest, string.Join(", ", applied));
                }
            }
            else if (await store.PendingMigrationsAsync(cancellationToken) is { Count: > 0 } pending)
            {
                Problem = $"the read tables need the migrations {string.Join(", ", pending)}: run 'orders-query migrate' "
                          + "(Orders:Database:MigrateOnStart is false)";
                log.LogWarning("The read tables are not at the latest version; waiting for 'orders-query migrate' (checked again in {Delay}): missing {Pending}",
                    nextDelay, string.Join(", ", pending));
                return;
            }

            Problem = null;
            _ready.TrySetResult();
            if (attempt > 1)
            {
                log.LogInformation("The read tables are ready after {Attempts} attempts", attempt);
            }
        }
        catch (InvalidOperationException failed) when (!cancellationToken.IsCancellationRequested && failed.InnerException is not null)
        {
            // A step the database refused (a permission, a conflicting object): retrying shows whether it was passing.
            Problem = failed.Message;
            log.LogError(failed, "A read schema migration failed (attempt {Attempt}); retrying in {Delay}", attempt, nextDelay);
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
            .AddSingleton(sp => new ReadSchemaStartup(
                sp.GetRequiredService<ReadModelStore>(),
                sp.GetRequiredService<IOptions<OrdersSettings>>().Value.Database.MigrateOnStart,
                sp.GetRequiredService<ILogger<ReadSchemaStartup>>()))
            .AddHostedService(sp => sp.GetRequiredService<ReadSchemaStartup>());
}
