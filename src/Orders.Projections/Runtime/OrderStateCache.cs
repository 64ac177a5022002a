using Orders.Domain;

namespace Orders.Projections.Runtime;

/// <summary>
/// The order states one (projection, slice) has committed, most recently used first, at most <see cref="Capacity"/>
/// of them: a commit takes an order's state from here instead of loading and deserializing its stored copy. A
/// state is put here only after its commit landed. It may still be stale — another process committed that order
/// since — and that is safe: every write of a state is conditional on the version it came from, so a stale entry
/// makes its commit change no row and roll back, and the committer forgets the cache and loads again.
/// Not thread-safe: its committer uses it under the (projection, slice)'s gate.
/// </summary>
public sealed class OrderStateCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<OrderState>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<OrderState> _recency = new();

    public int Capacity { get; } = Math.Max(1, capacity);

    public int Count => _entries.Count;

    public bool TryGet(string orderId, out OrderState state)
    {
        if (_entries.TryGetValue(orderId, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            state = node.Value;
            return true;
        }

        state = OrderState.Empty;
        return false;
    }

    public void Put(OrderState state)
    {
        if (_entries.TryGetValue(state.OrderId, out var node))
        {
            _recency.Remove(node);
        }
        else if (_entries.Count >= Capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.OrderId);
        }

        _entries[state.OrderId] = _recency.AddFirst(state);
    }

    public void Clear()
    {
        _entries.Clear();
        _recency.Clear();
    }
}
