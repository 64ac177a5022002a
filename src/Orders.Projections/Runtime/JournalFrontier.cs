using Orders.Projections.Storage;

namespace Orders.Projections.Runtime;

/// <summary>How far the journal reaches, and up to where it can be read without passing a write still in flight.</summary>
/// <param name="End">The highest ordering number the journal held when it was asked.</param>
/// <param name="GapFree">
/// Every ordering number up to this one is committed, or was missing for longer than the gap wait and is given up
/// (the backtracking pass finds it if it commits later). Never above <see cref="End"/>.
/// </param>
public readonly record struct JournalFront(long End, long GapFree);

/// <summary>
/// Tells the slice readers where the journal ends and up to where it is free of gaps, asked only when a reader reads.
/// <para>
/// The journal's ordering numbers are taken when a write's insert runs and become visible when its transaction
/// commits, so on PostgreSQL and SQL Server a later number can be seen before an earlier one. A reader that passed the
/// earlier number would never come back for it. So a number that is missing below one that is present is waited for, up
/// to <c>GapWait</c> since it was first seen missing, and then given up: a write that rolled back, or an identity that
/// jumped (SQL Server does after a restart), leaves numbers missing for ever.
/// </para>
/// <para>
/// The read journal's sequence actor does the same by polling the journal every few milliseconds, idle or not, through
/// a LINQ query and a transaction each time. This one asks only when a reader asks, with one plain statement
/// (<c>MAX</c> and <c>COUNT</c> of the numbers after the last one it has seen): when the count fills the range, there is
/// no gap, and only then does it list the present numbers, a page at a time. Missing numbers are kept as ranges, and
/// while some are waited for it asks only about the lowest few of them. Readers that ask at once share one check, but a
/// reader is always answered by a check that began after it asked, so an event committed before it asked is never
/// missed.
/// </para>
/// <para>
/// Numbers at or below a reader's committed offset are taken as settled: the offset was committed by a reader that had
/// read past them, in this process or an earlier one (given up or not, a number once passed stays passed, as it does
/// for the sequence actor), so a service started on a long journal does not first wait out every old gap in it. Such an
/// offset counts only up to the highest number the journal has been seen to hold: an offset set by hand beyond the
/// journal's end (a reset, a read-model database restored from a newer backup) cannot hide the gaps of writes to come.
/// </para>
/// </summary>
public sealed class JournalFrontier(JournalTables journal, TimeSpan gapWait, TimeProvider clock)
{
    /// <summary>Most ordering numbers one statement returns.</summary>
    public const int Page = 10_000;

    /// <summary>How many of the lowest missing ranges one check asks about.</summary>
    public const int RangesPerCheck = 4;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Ranges of ordering numbers seen missing, lowest first, each with when it was first seen missing; all between GapFree and Seen.</summary>
    private readonly List<MissingRange> _missing = [];

    private long _checksStarted;
    private long _lastCheck = -1;
    private long _gapFree;
    private long _seen;
    private long _settled;

    /// <summary>The highest number seen, for <see cref="NoteSettled"/> outside the gate.</summary>
    private long _seenShared;

    private bool _checked;
    private JournalFront _last;

    public JournalTables Journal => journal;

    /// <summary>How many ordering numbers were given up after the gap wait (since this process started).</summary>
    public long GivenUp { get; private set; }

    /// <summary>How many checks have asked the journal (readers that ask at once share one).</summary>
    public long Checks => Interlocked.Read(ref _checksStarted);

    /// <summary>
    /// Where the journal ends and up to where it is free of gaps, as a check that began after this call found it.
    /// <paramref name="offset"/> is the caller's own committed offset: every number up to it is settled.
    /// </summary>
    public async Task<JournalFront> ReadAsync(long offset, CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Read(ref _checksStarted);
        NoteSettled(offset);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lastCheck >= ticket)
            {
                // A check that began after this call did, and ended while it waited: its answer holds.
                Settle(Math.Min(Interlocked.Exchange(ref _settled, 0), _seen));
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

    /// <summary>
    /// Every ordering number up to <paramref name="offset"/> is settled: a reader committed it as its offset (the rebuild
    /// says so of the live projection's offsets, so that its shadow, read from the start, does not wait out old gaps).
    /// </summary>
    public void NoteSettled(long offset)
    {
        // Never beyond what the journal has been seen to hold: the excess of an offset set by hand beyond the journal's
        // end would otherwise cover the numbers of writes to come. Before the first check the first check clamps it.
        if (Volatile.Read(ref _checked))
        {
            offset = Math.Min(offset, Interlocked.Read(ref _seenShared));
        }

        var known = Interlocked.Read(ref _settled);
        while (offset > known)
        {
            var was = Interlocked.CompareExchange(ref _settled, offset, known);
            if (was == known)
            {
                return;
            }

            known = was;
        }
    }

    /// <summary>The caller's own offset is settled for it, up to the journal's end.</summary>
    private static JournalFront Floor(JournalFront front, long offset) =>
        front with { GapFree = Math.Max(front.GapFree, Math.Min(offset, front.End)) };

    /// <summary>Numbers up to a settled offset are not waited for; <paramref name="upTo"/> is never above a number seen in the journal.</summary>
    private void Settle(long upTo)
    {
        if (upTo <= _gapFree)
        {
            return;
        }

        _gapFree = upTo;
        _seen = Math.Max(_seen, upTo);
        while (_missing.Count > 0 && _missing[0].Lo <= upTo)
        {
            if (_missing[0].Hi <= upTo)
            {
                _missing.RemoveAt(0);
            }
            else
            {
                _missing[0] = _missing[0] with { Lo = upTo + 1 };
            }
        }
    }

    private async Task<JournalFront> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (max, added) = await journal.OrderingSpanAsync(_seen, long.MaxValue, cancellationToken);
        // Taken once: a settled offset counts for the journal as it is now, not for numbers taken later.
        var settled = Math.Min(Interlocked.Exchange(ref _settled, 0), Math.Max(max, _seen));
        if (settled > _seen)
        {
            // A reader's offset ahead of what was seen: the numbers up to it are settled, and only those after it counted.
            Settle(settled);
            (max, added) = await journal.OrderingSpanAsync(_seen, long.MaxValue, cancellationToken);
        }
        else
        {
            Settle(settled);
        }

        // The lowest missing ranges: which of their numbers have committed since.
        if (_missing.Count > 0)
        {
            var asked = _missing.Take(RangesPerCheck).Select(range => (range.Lo, range.Hi)).ToList();
            foreach (var ordering in await journal.OrderingsInRangesAsync(asked, Page, cancellationToken))
            {
                Arrived(ordering);
            }
        }

        // Numbers after the last one seen: when they fill their range there is nothing to list.
        if (max > _seen)
        {
            if (added != max - _seen)
            {
                var after = _seen;
                while (after < max)
                {
                    var present = await journal.JournalOrderingsAsync(after, max, Page, cancellationToken);
                    foreach (var ordering in present)
                    {
                        AddMissing(after + 1, ordering - 1, now);
                        after = ordering;
                    }

                    if (present.Count < Page)
                    {
                        // Deleted since the count, or never there: missing like any other.
                        AddMissing(after + 1, max, now);
                        after = max;
                    }
                }
            }

            _seen = max;
        }

        Interlocked.Exchange(ref _seenShared, _seen);
        Volatile.Write(ref _checked, true);
        for (var i = _missing.Count - 1; i >= 0; i--)
        {
            if (now - _missing[i].FirstSeen >= gapWait)
            {
                GivenUp += _missing[i].Hi - _missing[i].Lo + 1;
                _missing.RemoveAt(i);
            }
        }

        _gapFree = _missing.Count == 0 ? _seen : Math.Max(_gapFree, _missing[0].Lo - 1);
        return new JournalFront(_seen, _gapFree);
    }

    private void AddMissing(long lo, long hi, DateTimeOffset now)
    {
        if (lo <= hi)
        {
            _missing.Add(new MissingRange(lo, hi, now));
        }
    }

    /// <summary>A number that was missing has committed: its range shrinks, or splits around it.</summary>
    private void Arrived(long ordering)
    {
        var i = _missing.FindIndex(range => range.Lo <= ordering && ordering <= range.Hi);
        if (i < 0)
        {
            return;
        }

        var range = _missing[i];
        _missing.RemoveAt(i);
        if (ordering < range.Hi)
        {
            _missing.Insert(i, range with { Lo = ordering + 1 });
        }

        if (range.Lo < ordering)
        {
            _missing.Insert(i, range with { Hi = ordering - 1 });
        }
    }

    private sealed record MissingRange(long Lo, long Hi, DateTimeOffset FirstSeen);
}
