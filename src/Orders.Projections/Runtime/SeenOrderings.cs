namespace Orders.Projections.Runtime;

/// <summary>
/// The journal ordering numbers one projection has settled in this worker — committed from a read, as applied or as
/// already applied — within the backtracking window. An event committed later than the read passed its ordering is
/// exactly one that is not here: the backtracking pass re-reads only those. Written by the reads' commit stages,
/// read by the pass; safe across threads.
/// </summary>
public sealed class SeenOrderings
{
    /// <summary>
    /// Past this many (a long catch-up while no pass prunes), the set starts afresh: forgetting only makes a pass
    /// re-read more, never less.
    /// </summary>
    public const int MaxOrderings = 200_000;

    private readonly object _lock = new();
    private readonly HashSet<long> _orderings = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _orderings.Count;
            }
        }
    }

    public void Add(IEnumerable<long> orderings)
    {
        lock (_lock)
        {
            if (_orderings.Count > MaxOrderings)
            {
                _orderings.Clear();
            }

            _orderings.UnionWith(orderings);
        }
    }

    /// <summary>Those of <paramref name="orderings"/> not settled here, in their order.</summary>
    public List<long> Missing(IEnumerable<long> orderings)
    {
        lock (_lock)
        {
            return orderings.Where(ordering => !_orderings.Contains(ordering)).ToList();
        }
    }

    /// <summary>Drops the orderings at or below <paramref name="upTo"/>: the window has moved past them.</summary>
    public void ForgetUpTo(long upTo)
    {
        lock (_lock)
        {
            _orderings.RemoveWhere(ordering => ordering <= upTo);
        }
    }

    /// <summary>Forgets everything: what the tables hold is no longer known from the reads (a start, a resume, a rebuild's swap).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _orderings.Clear();
        }
    }
}
