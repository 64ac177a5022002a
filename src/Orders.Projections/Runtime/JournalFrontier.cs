using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>How far the journal reaches, and up to where it can be read without passing a write still in flight.</summary>
/// <param name="End">The highest ordering number the journal held when it was asked.</param>
/// <param name="GapFree">
/// Every ordering number up to this one is committed, or was missing for longer than the gap wait and is given up
/// (the backtracking pass finds it if it commits later). Never above <see cref="End"/> unless a caller's own offset
/// already was.
/// </param>
public readonly record struct JournalFront(long End, long GapFree);

/// <summary>
/// Tells the slice readers where the journal ends and up to where it is free of gaps, asked only when a reader reads.
/// <para>
/// The journal's ordering numbers are taken when a write's insert runs and become visible when its transaction
/// commits, so on PostgreSQL and SQL Server a later number can be seen before an earlier one. A reader that passed the
/// earlier number would never come back for it. So a number that is missing below one that is present is waited for, up
/// to <c>GapWait</c> since it was first seen missing, and then given up: a write that rolled back leaves its number
/// missing for ever.
/// </para>
/// <para>
/// The read journal's sequence actor does the same by polling the journal every few milliseconds, idle or not, through
/// a LINQ query and a transaction each time. This one asks only when a reader asks, with one plain statement
/// (<c>MAX</c> and <c>COUNT</c> of the numbers after the last one it knows): when the count fills the range, there is no
/// gap, and only then does it list numbers, a bounded range at a time. Readers that ask at once share one check, but a
/// reader is always answered by a check that began after it asked, so an event committed before it asked is never
/// missed.
/// </para>
/// <para>
/// Numbers at or below a reader's offset are taken as settled: the offset was committed by a reader that had read past
/// them, in this process or an earlier one (given up or not, a number once passed stays passed, as it does for the
/// sequence actor). So a service started on a long journal does not first wait out every old gap in it.
/// </para>
/// </summary>
public sealed class JournalFrontier(JournalTables journal, TimeSpan gapWait, TimeProvider clock)
{
    /// <summary>Most ordering numbers one statement lists when a range has gaps.</summary>
    public const int ListChunk = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Ordering numbers seen missing, with when each was first seen missing; all between GapFree and Seen.</summary>
    private readonly SortedDictionary<long, DateTimeOffset> _missing = [];

    private long _checksStarted;
    private long _lastCheck = -1;
    private long _gapFree;
    private long _seen;
    private JournalFront _last;

    public JournalTables Journal => journal;

    /// <summary>How many ordering numbers were given up after the gap wait (since this process started).</summary>
    public long GivenUp { get; private set; }

    /// <summary>
    /// Where the journal ends and up to where it is free of gaps, as a check that began after this call found it.
    /// <paramref name="offset"/> is the caller's own committed offset: every number up to it is settled.
    /// </summary>
    public async Task<JournalFront> ReadAsync(long offset, CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Read(ref _checksStarted);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Settle(offset);
            if (_lastCheck >= ticket)
            {
                // A check that began after this call did, and ended while it waited: its answer holds.
                return Floor(_last, offset);
            }

            var check = Interlocked.Increment(ref _checksStarted) - 1;
            _last = await CheckAsync(cancellationToken);
            _lastCheck = check;
            return Floor(_last, offset);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static JournalFront Floor(JournalFront front, long offset) =>
        front with { GapFree = Math.Max(front.GapFree, offset) };

    /// <summary>Numbers at or below a committed offset are settled: nothing is waited for there.</summary>
    private void Settle(long offset)
    {
        if (offset <= _gapFree)
        {
            return;
        }

        _gapFree = offset;
        _seen = Math.Max(_seen, offset);
        while (_missing.Count > 0 && _missing.Keys.First() <= offset)
        {
            _missing.Remove(_missing.Keys.First());
        }
    }

    private async Task<JournalFront> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Numbers waited for that have committed since: the count of their range says whether any did.
        if (_missing.Count > 0)
        {
            var top = _missing.Keys.Last();
            var (_, count) = await journal.OrderingSpanAsync(_gapFree, top, cancellationToken);
            if (count > top - _gapFree - _missing.Count)
            {
                foreach (var ordering in await journal.JournalOrderingsAsync(_gapFree, top, cancellationToken))
                {
                    _missing.Remove(ordering);
                }
            }
        }

        // Numbers after the last one seen: when they fill their range there is nothing to list.
        var (max, added) = await journal.OrderingSpanAsync(_seen, long.MaxValue, cancellationToken);
        if (max > _seen)
        {
            if (added != max - _seen)
            {
                for (var from = _seen; from < max; from += ListChunk)
                {
                    var upTo = Math.Min(max, from + ListChunk);
                    var expected = from + 1;
                    foreach (var ordering in await journal.JournalOrderingsAsync(from, upTo, cancellationToken))
                    {
                        for (; expected < ordering; expected++)
                        {
                            _missing.TryAdd(expected, now);
                        }

                        expected = ordering + 1;
                    }

                    for (; expected <= upTo; expected++)
                    {
                        _missing.TryAdd(expected, now);
                    }
                }
            }

            _seen = max;
        }

        while (_missing.Count > 0 && now - _missing.First().Value >= gapWait)
        {
            _missing.Remove(_missing.Keys.First());
            GivenUp++;
        }

        _gapFree = _missing.Count == 0 ? _seen : Math.Max(_gapFree, _missing.Keys.First() - 1);
        return new JournalFront(_seen, _gapFree);
    }
}
