using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Benchmarks.Workload;
using Orders.Domain;
using Weasel.Core;

namespace Orders.Benchmarks.Targets;

/// <summary>
/// The Marten peer: the same events appended to a Marten event store (one stream per order, keyed by the order id)
/// in the same PostgreSQL, configured as a Marten user would for throughput. With <c>daemon</c> an Async
/// single-stream projection, run by Marten's async daemon, keeps a <see cref="MartenOrderSummary"/> per order.
/// </summary>
public sealed class MartenTarget : ICommandTarget, IAsyncDisposable
{
    /// <summary>
    /// Connections this target may open. Marten takes one per session for the length of SaveChangesAsync, so at 1024
    /// in flight most sends wait for one; the server allows 300 and the service under test needs its own share.
    /// </summary>
    public const int MaxPoolSize = 100;

    /// <summary>
    /// Npgsql's Timeout (seconds) also bounds the wait for a pooled connection: at 1024 in flight a send can queue
    /// behind ~10 pool turns, which is load, not a database failure.
    /// </summary>
    public const int ConnectTimeoutSeconds = 60;

    private readonly IHost _host;
    private readonly IDocumentStore _store;
    private readonly bool _daemon;

    private MartenTarget(IHost host, bool daemon)
    {
        _host = host;
        _store = host.Services.GetRequiredService<IDocumentStore>();
        _daemon = daemon;
    }

    public string Name => "marten";

    public bool HasReadSide => _daemon;

    /// <summary>
    /// Starts Marten in a generic host against <paramref name="connectionString"/> (a fresh, empty database) and
    /// creates its schema, so that nothing of that is timed later.
    /// </summary>
    public static async Task<MartenTarget> StartAsync(string connectionString, bool daemon)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = MaxPoolSize,
            Timeout = ConnectTimeoutSeconds,
        }.ConnectionString;

        // No appsettings, environment variables or default console logger from the benchmark's own configuration;
        // warnings (a failing daemon) still reach the console.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);

        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(connection);
                options.AutoCreateSchemaObjects = AutoCreate.All;
                options.UseSystemTextJsonForSerialization();

                // A stream per order, keyed by the order id, as Orders keys its journal by persistence id.
                options.Events.StreamIdentity = StreamIdentity.AsString;

                // Quick: one server-side function call assigns versions and sequence numbers, instead of Rich's
                // read-then-write of the stream version. Marten documents it as the throughput mode; it gives up
                // event metadata to Inline projections only, and there are none here.
                options.Events.AppendMode = EventAppendMode.Quick;

                options.Events.AddEventType<OrderCreated>();
                options.Events.AddEventType<OrderLineAdded>();

                if (daemon)
                {
                    // Async, like Orders' read side: the append does not wait for the summary.
                    options.Projections.Add<MartenOrderSummaryProjection>(ProjectionLifecycle.Async);
                }
            })
            .ApplyAllDatabaseChangesOnStartup();
        if (daemon)
        {
            marten.AddAsyncDaemon(DaemonMode.Solo);
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync();
            var target = new MartenTarget(host, daemon);
            await target.PrepareAsync();
            return target;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async Task<SendOutcome> SendAsync(IOrderCommand command)
    {
        var @event = OrderCommands.EventOf(command);
        try
        {
            await using var session = _store.LightweightSession();
            if (@event is OrderCreated)
            {
                session.Events.StartStream<MartenOrderSummary>(command.OrderId, @event);
            }
            else
            {
                session.Events.Append(command.OrderId, @event);
            }

            await session.SaveChangesAsync();
            return SendOutcome.Accepted;
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            return SendOutcome.Failed;
        }
    }

    public async Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        RequireDaemon();
        // One round trip: the ids among these that have a summary document (matched on the document table's id column).
        var ids = orderIds as string[] ?? [.. orderIds];
        await using var session = _store.QuerySession();
        return await session.Query<MartenOrderSummary>()
            .Where(summary => summary.Id.IsOneOf(ids))
            .Select(summary => summary.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until the projection has applied every event stored so far (the highest stored sequence number, read
    /// once at the start) and its progress row in mt_event_progression has reached it. Polled every 10 ms rather than
    /// through Marten's WaitForNonStaleProjectionDataAsync, which polls every 250 ms (too coarse for a catch-up time)
    /// and aims at mt_events_sequence's last value, which a failed append can leave above every stored event.
    /// </summary>
    public async Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout)
    {
        RequireDaemon();
        var clock = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(timeout);
        var database = _store.Storage.Database;
        long highest = 0;
        long reached = 0;
        try
        {
            await using (var session = _store.QuerySession())
            {
                var rows = await session.AdvancedSql.QueryAsync<long>(
                    $"select coalesce(max(seq_id), 0) from {_store.Options.Events.DatabaseSchemaName}.mt_events",
                    cancellation.Token);
                highest = rows.Single();
            }

            while (true)
            {
                var progress = await database.AllProjectionProgress(cancellation.Token);
                reached = progress
                    .Where(row => row.ShardName.StartsWith(MartenOrderSummaryProjection.ProjectionName + ":", StringComparison.Ordinal))
                    .Select(row => row.Sequence)
                    .DefaultIfEmpty(0)
                    .Min();
                if (reached >= highest)
                {
                    return clock.Elapsed;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellation.Token);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Marten's projection reached sequence {reached} of {highest} within {timeout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    /// <summary>
    /// Creates every configured table and function now (ApplyAllDatabaseChangesOnStartup has done it already when the
    /// host started; this is the explicit guarantee), and runs the probe's query once so that its first timed use
    /// does not pay for building it. Stores nothing.
    /// </summary>
    private async Task PrepareAsync()
    {
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (_daemon)
        {
            _ = await VisibleAsync(["warm-up"], CancellationToken.None);
        }
    }

    /// <summary>
    /// Failures of the store (the database, a timeout, a stream conflict), not of the benchmark. Marten wraps
    /// database errors in MartenCommandException and its stream conflicts in other MartenExceptions; JasperFx.Events
    /// has concurrency and stream-collision exceptions of its own.
    /// </summary>
    private static bool IsStoreFailure(Exception exception) => exception
        is NpgsqlException or TimeoutException or OperationCanceledException
        or MartenException or ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException;

    private void RequireDaemon()
    {
        if (!_daemon)
        {
            throw new InvalidOperationException("the Marten target was started without its async daemon, so it has no read side");
        }
    }
}

/// <summary>The Marten peer's read side: one document per order (id = order id).</summary>
public sealed class MartenOrderSummary
{
    public string Id { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string Currency { get; set; } = "";

    public string Status { get; set; } = "";

    public int LineCount { get; set; }

    public decimal TotalAmount { get; set; }

    /// <summary>The stream version of the last applied event (Orders' sequence number).</summary>
    public long Version { get; set; }
}

/// <summary>
/// Builds <see cref="MartenOrderSummary"/> from an order's stream with Marten's conventional Create/Apply methods;
/// partial (and the methods public) because Marten 9 dispatches to them through source-generated code.
/// </summary>
public sealed partial class MartenOrderSummaryProjection : SingleStreamProjection<MartenOrderSummary, string>
{
    /// <summary>The projection's name; its daemon shard's progress row is <c>order-summary:All</c>.</summary>
    public const string ProjectionName = "order-summary";

    public MartenOrderSummaryProjection()
    {
        Name = ProjectionName;
    }

    public MartenOrderSummary Create(IEvent<OrderCreated> created) => new()
    {
        Id = created.Data.OrderId,
        CustomerId = created.Data.CustomerId,
        Currency = created.Data.Currency,
        Status = "pending",
        LineCount = created.Data.Lines.Count,
        TotalAmount = created.Data.Lines.Sum(line => line.LineTotal),
        Version = created.Version,
    };

    public void Apply(IEvent<OrderLineAdded> added, MartenOrderSummary summary)
    {
        summary.LineCount++;
        summary.TotalAmount += added.Data.Quantity * added.Data.UnitPrice;
        summary.Version = added.Version;
    }
}
