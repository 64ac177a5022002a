using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Persistence.Sql.Query.InternalProtocol;
using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Reads a slice's events from the journal's tables as the read journal's current query by tag delivers them, without
/// what that query costs on every read (a stream materialized, a LINQ query translated, a transaction opened): one
/// indexed <c>MAX</c> to learn where the journal ends, then one plain statement per stretch of events.
/// <para>
/// Gap safety is the read journal's own: a read goes no further than the ordering number up to which the read
/// journal's sequence actor has found no gap (it waits for a missing number up to <c>GapWait</c>), and it goes on, a
/// short wait at a time, until it reaches the journal's end as it was when the read began — what a current query
/// promises. Batches are filled across statements, and an unreadable event stops the read there, after the events
/// before it were handed over.
/// </para>
/// </summary>
public sealed class SliceEventReader(ActorSystem system, JournalTables journal)
{
    /// <summary>
    /// Where the read journal keeps its sequence actor: <c>/system/{plugin id}-{journal table}-akka-persistence-sql-sequence-actor</c>
    /// (the journal's table is <c>journal</c>, as every statement of the read side says).
    /// </summary>
    public static readonly string SequenceActorPath = $"/system/{SqlReadJournal.Identifier}-journal-akka-persistence-sql-sequence-actor";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private Task<IActorRef>? _sequence;
    private readonly Func<byte[], int, string, object> _deserialize =
        (payload, serializerId, manifest) => system.Serialization.Deserialize(payload, serializerId, manifest);

    /// <summary>
    /// Hands over, oldest first and <paramref name="batchSize"/> at a time, the tag's events after
    /// <paramref name="after"/> up to where the journal ended when the read began, at most <paramref name="limit"/> of
    /// them. <paramref name="handOver"/> answers false to end the read after that batch.
    /// </summary>
    /// <returns>How many events were handed over.</returns>
    public async Task<int> ReadAsync(
        string tag, long after, int limit, int batchSize, Func<IReadOnlyList<EventEnvelope>, Task<bool>> handOver,
        CancellationToken cancellationToken)
    {
        // Off the caller's thread (an actor's): some providers complete their "async" calls synchronously.
        await Task.Yield();
        // First the read journal: making it starts the journal plugin, which creates the journal's tables.
        var sequence = await SequenceActorAsync();
        var end = await journal.MaxOrderingAsync(cancellationToken);
        var handed = 0;
        var pending = new List<EventEnvelope>(batchSize);
        while (after < end && handed + pending.Count < limit)
        {
            var safe = (await sequence.Ask<MaxOrderingId>(GetMaxOrderingId.Instance, AskTimeout, cancellationToken)).Max;
            if (safe <= after)
            {
                // The sequence actor has not yet seen these numbers, or waits for a missing one before them: what is
                // read so far goes first.
                if (!await HandOverAsync())
                {
                    return handed;
                }

                await Task.Delay(JournalPlugins.QueryRefreshInterval, cancellationToken);
                continue;
            }

            var upTo = Math.Min(safe, end);
            var wanted = limit - handed - pending.Count;
            var stored = await journal.EventsBetweenAsync(tag, after, upTo, wanted, cancellationToken);
            after = stored.Count == wanted ? stored[^1].Ordering : upTo;
            foreach (var row in stored)
            {
                EventEnvelope envelope;
                try
                {
                    envelope = row.ToEnvelope(_deserialize);
                }
                catch (Exception)
                {
                    // An unreadable event: the ones before it are handed over, then the read ends with its error.
                    await HandOverAsync();
                    throw;
                }

                pending.Add(envelope);
                if (pending.Count == batchSize && !await HandOverAsync())
                {
                    return handed;
                }
            }
        }

        await HandOverAsync();
        return handed;

        // Batches are filled across statements: a read that stops short of its end does not make small commits.
        async Task<bool> HandOverAsync()
        {
            if (pending.Count == 0)
            {
                return true;
            }

            IReadOnlyList<EventEnvelope> batch = pending.ToList();
            pending.Clear();
            handed += batch.Count;
            return await handOver(batch);
        }
    }

    /// <summary>
    /// The read journal's sequence actor: it knows the ordering number up to which the journal is free of gaps. Found
    /// once; looked for again only if finding it failed (reads that overlap may look twice, harmlessly).
    /// </summary>
    private Task<IActorRef> SequenceActorAsync()
    {
        var finding = Volatile.Read(ref _sequence);
        if (finding is null || finding.IsFaulted || finding.IsCanceled)
        {
            finding = FindSequenceActorAsync(system);
            Volatile.Write(ref _sequence, finding);
        }

        return finding;
    }

    private static async Task<IActorRef> FindSequenceActorAsync(ActorSystem system)
    {
        // The read journal makes its sequence actor when it is first asked for; it is the one the projections' gap
        // wait is configured on (JournalPlugins).
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        try
        {
            return await system.ActorSelection(SequenceActorPath).ResolveOne(AskTimeout);
        }
        catch (ActorNotFoundException error)
        {
            throw new InvalidOperationException(
                $"The SQL read journal's sequence actor ({SequenceActorPath}) was not found: the projections cannot " +
                "tell how far the journal is free of gaps. Akka.Persistence.Sql must be the version in Directory.Packages.props.", error);
        }
    }
}
