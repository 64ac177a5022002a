using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace Orders.Contracts.Database.Plugins;

/// <summary>
/// Akka.Persistence.Sql's journal, with a recovery's "highest sequence number" asked as one plain statement
/// (<see cref="RecoveryQueries"/>) instead of a linq2db query in a transaction. Everything else — writes, tags,
/// replays, deletes, the circuit breaker, table creation — is the plugin's own. Like the plugin, the question waits
/// for a write of the same persistence id that is still in flight, so a recovery right after a stop sees it. In the
/// plugin's native mode (<c>delete-compatibility-mode = off</c>, its default) the journal keeps the highest row of a
/// deleted range, so the same statement counts it; with another configuration the plugin answers as it always did.
/// </summary>
public sealed class OrdersJournal : SqlWriteJournal
{
    private readonly RecoveryQueries? _queries;
    private readonly ConcurrentDictionary<string, Task> _writesInFlight = new();

    public OrdersJournal(Config journalConfig)
        : base(journalConfig)
    {
        _queries = RecoveryQueries.ForJournal(journalConfig);
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_queries is null)
        {
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }

        if (_writesInFlight.TryGetValue(persistenceId, out var write))
        {
            // Succeeded or failed, it must be over before the question is asked (unless the call itself times out).
            await write.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await _queries.HighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (_queries is null)
        {
            return base.WriteMessagesAsync(messages, cancellationToken);
        }

        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        var write = base.WriteMessagesAsync(writes, cancellationToken);
        foreach (var persistenceId in writes.Select(atomic => atomic.PersistenceId).Distinct())
        {
            _writesInFlight[persistenceId] = write;
            // Removed only if no later write of the same persistence id took its place.
            write.ContinueWith(
                _ => _writesInFlight.TryRemove(KeyValuePair.Create(persistenceId, (Task)write)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return write;
    }
}
