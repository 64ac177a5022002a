using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence;
using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>
/// Reads a slice's events from the journal's tables as the read journal's current query by tag delivers them, without
/// what that query costs on every read (a stream materialized, a LINQ query translated, a transaction opened): one
/// statement to learn where the journal ends and how far it is free of gaps, then one plain statement per stretch of
/// events.
/// <para>
/// Gap safety: a read goes no further than the ordering number up to which <see cref="JournalFrontier"/> has found no
/// write still in flight (it waits for a missing number up to <c>GapWait</c>), and it goes on, a short wait at a time,
/// until it reaches the journal's end as it was when the read began — what a current query promises. Batches are
/// filled across statements, and an unreadable event stops the read there, after the events before it were handed
/// over.
/// </para>
/// </summary>
public sealed class SliceEventReader(ActorSystem system, JournalFrontier frontier)
{
    /// <summary>
    /// How long a read that has not reached the journal's end, because a write before it is still in flight, first
    /// waits before it asks the frontier again; the wait doubles, up to <see cref="GapRecheckLongest"/>, while the
    /// same write holds it (most commit within milliseconds; one that rolled back is waited for up to GapWait).
    /// </summary>
    public static readonly TimeSpan GapRecheckInterval = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan GapRecheckLongest = TimeSpan.FromMilliseconds(40);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Task? _journalStarted;
    private readonly JournalTables _journal = frontier.Journal;
    private readonly Func<byte[], int, string, object> _deserialize =
        (payload, serializerId, manifest) => system.Serialization.Deserialize(payload, serializerId, manifest);

    /// <summary>
    /// Hands over, oldest first and <paramref name="batchSize"/> at a time, the tag's events after
    /// <paramref name="after"/> up to where the journal ended when the read began, at most <paramref name="limit"/> of
    /// them. <paramref name="handOver"/> answers false to end the read after that batch. <paramref name="after"/> must
    /// be an offset a read reached (every ordering number up to it is settled; see <see cref="JournalFrontier"/>).
    /// </summary>
    /// <returns>How many events were handed over.</returns>
    public async Task<int> ReadAsync(
        string tag, long after, int limit, int batchSize, Func<IReadOnlyList<EventEnvelope>, Task<bool>> handOver,
        CancellationToken cancellationToken)
    {
        // Off the caller's thread (an actor's): some providers complete their "async" calls synchronously.
        await Task.Yield();
        await JournalStartedAsync().WaitAsync(cancellationToken);
        var front = await frontier.ReadAsync(after, cancellationToken);
        var end = front.End;
        var handed = 0;
        var pending = new List<EventEnvelope>(batchSize);
        var recheck = GapRecheckInterval;
        while (after < end && handed + pending.Count < limit)
        {
            var safe = front.GapFree;
            if (safe <= after)
            {
                // A write before these numbers is still in flight: what is read so far goes first.
                if (!await HandOverAsync())
                {
                    return handed;
                }

                await Task.Delay(recheck, cancellationToken);
                recheck = TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, GapRecheckLongest.Ticks));
                front = await frontier.ReadAsync(after, cancellationToken);
                continue;
            }

            recheck = GapRecheckInterval;

            var upTo = Math.Min(safe, end);
            var wanted = limit - handed - pending.Count;
            var stored = await _journal.EventsBetweenAsync(tag, after, upTo, wanted, cancellationToken);
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
    /// The journal's tables exist once the journal plugin has started (it creates them when the configuration lets it):
    /// it answers a recovery only after that. Asked once; again only if asking failed.
    /// </summary>
    private Task JournalStartedAsync()
    {
        var starting = Volatile.Read(ref _journalStarted);
        if (starting is null || starting.IsFaulted || starting.IsCanceled)
        {
            starting = StartJournalAsync(system);
            Volatile.Write(ref _journalStarted, starting);
        }

        return starting;
    }

    private static async Task StartJournalAsync(ActorSystem system)
    {
        var journal = Persistence.Instance.Apply(system).JournalFor(null);
        var answer = await journal.Ask<object>(
            (Func<IActorRef, object>)(replyTo => new ReplayMessages(1, 0, 0, "orders-slice-reader-start", replyTo)), StartTimeout,
            CancellationToken.None);
        if (answer is ReplayMessagesFailure failure)
        {
            throw new InvalidOperationException($"the journal did not start: {failure.Cause.Message}", failure.Cause);
        }
    }
}
