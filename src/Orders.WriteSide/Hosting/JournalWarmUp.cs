using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Orders.Contracts.Database;

namespace Orders.WriteSide.Hosting;

/// <summary>
/// Readies a node's journal and snapshot store for its first orders while it joins the cluster. A fresh process pays
/// for its persistence plugins on first use: they start (and check their tables), open their first connections, and
/// translate and compile their queries, and the events' deserializer is compiled too. Under load that cost more
/// than two seconds of a restarted node's first recoveries — the orders of the shards it had just been given waited
/// for it (issue 17, "restart time"). This asks what a recovery asks, once, before any order: the snapshot store and
/// the journal for an id no order has, then the oldest order's first event and its newest snapshot. It only reads.
/// A failure (first: the database cannot be reached) is logged and changes nothing else: the node joins, and its
/// first orders pay that cost themselves.
/// </summary>
public static class JournalWarmUp
{
    /// <summary>How long the whole warm-up may take before it gives up (and the node joins anyway).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>A persistence id no order can have (order ids are validated); asked first, so the plugins start.</summary>
    public const string NoOrder = "orders-journal-warm-up";

    /// <summary>What a warm-up did: whether it completed, and the persistence id it replayed (none: an empty journal).</summary>
    public sealed record Result(bool Completed, string? OldestPersistenceId);

    /// <summary>Runs the warm-up and logs it; it never throws (a failure is logged and answered as not completed).</summary>
    public static async Task<Result> RunAsync(ActorSystem system, OrdersDatabase database, CancellationToken cancellationToken = default)
    {
        var log = Logging.GetLogger(system, typeof(JournalWarmUp));
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // A database that cannot be reached fails here at once: the plugins would not answer until the timeout.
            await database.PingAsync(timeout.Token);
            var persistence = Persistence.Instance.Apply(system);
            await RecoverAsync(system, persistence, NoOrder, timeout.Token);
            var pluginsStarted = Stopwatch.GetElapsedTime(started);
            var oldest = await OldestPersistenceIdAsync(database, timeout.Token);
            if (oldest is not null)
            {
                await RecoverAsync(system, persistence, oldest, timeout.Token);
            }

            log.Info("Journal warmed up for this node's orders in {0:F0} ms (its plugins started in {1:F0} ms; {2})",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, pluginsStarted.TotalMilliseconds,
                oldest is null ? "the journal is empty" : "then one order's first event was read");
            return new Result(true, oldest);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.Warning("Journal warm-up failed after {0:F0} ms: {1} (the first orders on this node recover more slowly)",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, error.Message);
            return new Result(false, null);
        }
    }

    /// <summary>A recovery's questions, for the first event only: the newest snapshot, then the journal from 1 to 1.</summary>
    private static async Task RecoverAsync(ActorSystem system, PersistenceExtension persistence, string persistenceId, CancellationToken cancellationToken)
    {
        var snapshot = await persistence.SnapshotStoreFor(null).Ask<object>(
            new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), Timeout, cancellationToken);
        if (snapshot is LoadSnapshotFailed failed)
        {
            throw new InvalidOperationException($"the snapshot store failed: {failed.Cause.Message}", failed.Cause);
        }

        using var inbox = Inbox.Create(system);
        persistence.JournalFor(null).Tell(new ReplayMessages(1, 1, 1, persistenceId, inbox.Receiver), inbox.Receiver);
        while (true)
        {
            switch (await inbox.ReceiveAsync(Timeout).WaitAsync(cancellationToken))
            {
                case RecoverySuccess:
                    return;
                case ReplayMessagesFailure failure:
                    throw new InvalidOperationException($"the journal failed: {failure.Cause.Message}", failure.Cause);
            }
        }
    }

    private static async Task<string?> OldestPersistenceIdAsync(OrdersDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.Dialect.OpenAsync(database.JournalConnectionString, cancellationToken);
        await using var command = connection.CreateCommand(null, database.Dialect.SelectOldestPersistenceId, []);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
