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
/// promises. An event is deserialized only when its batch is handed over, so an unreadable event stops the read there,
/// after the events before it were handed over.
/// </para>
/// </summary>
public sealed class SliceEventReader(ActorSystem system, JournalTables journal)
{
    /// <summary>The read journal names its sequence actor <c>{plugin id}-{journal table}</c> followed by this, under <c>/system</c>.</summary>
    public const string SequenceActorSuffix = "-akka-persistence-sql-sequence-actor";

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
        // First the read journal: making it starts the journal plugin, which creates the journal's tables.
        var sequence = await SequenceActorAsync();
        var end = await journal.MaxOrderingAsync(cancellationToken);
        var handed = 0;
        while (after < end && handed < limit)
        {
            var safe = (await sequence.Ask<MaxOrderingId>(GetMaxOrderingId.Instance, AskTimeout, cancellationToken)).Max;
            if (safe <= after)
            {
                // The sequence actor has not yet seen these numbers, or waits for a missing one before them.
                await Task.Delay(JournalPlugins.QueryRefreshInterval, cancellationToken);
                continue;
            }

            var upTo = Math.Min(safe, end);
            var wanted = limit - handed;
            var stored = await journal.EventsBetweenAsync(tag, after, upTo, wanted, cancellationToken);
            after = stored.Count == wanted ? stored[^1].Ordering : upTo;
            foreach (var batch in stored.Chunk(batchSize))
            {
                var (events, unreadable) = Deserialize(batch);
                if (events.Count > 0)
                {
                    handed += events.Count;
                    if (!await handOver(events))
                    {
                        return handed;
                    }
                }

                if (unreadable is not null)
                {
                    throw unreadable;
                }
            }
        }

        return handed;
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

    /// <summary>The batch's events up to the first one that cannot be read, and that one's error.</summary>
    private (IReadOnlyList<EventEnvelope> Events, Exception? Unreadable) Deserialize(StoredEvent[] batch)
    {
        var events = new List<EventEnvelope>(batch.Length);
        foreach (var stored in batch)
        {
            try
            {
                events.Add(stored.ToEnvelope(_deserialize));
            }
            catch (Exception error)
            {
                return (events, error);
            }
        }

        return (events, null);
    }

    private static async Task<IActorRef> FindSequenceActorAsync(ActorSystem system)
    {
        // The read journal makes its sequence actor when it is first asked for; it is the one the projections' gap
        // wait is configured on (JournalPlugins).
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        try
        {
            return await system.ActorSelection("/system/*" + SequenceActorSuffix).ResolveOne(AskTimeout);
        }
        catch (ActorNotFoundException error)
        {
            throw new InvalidOperationException(
                $"The SQL read journal's sequence actor (/system/*{SequenceActorSuffix}) was not found: the projections cannot " +
                "tell how far the journal is free of gaps. Akka.Persistence.Sql must be the version in Directory.Packages.props.", error);
        }
    }
}
