using System.Collections.Immutable;

namespace Orders.Domain;

/// <summary>
/// The ids of the most recent commands an order applied, with the version each one produced.
/// Bounded so that a long-lived order does not grow without limit: a retry older than
/// <see cref="Capacity"/> commands is decided afresh.
/// </summary>
public sealed class AppliedCommands
{
    public const int Capacity = 1_000;

    public static AppliedCommands Empty { get; } = new(ImmutableQueue<string>.Empty, ImmutableDictionary<string, long>.Empty);

    private readonly ImmutableQueue<string> _oldestFirst;
    private readonly ImmutableDictionary<string, long> _versions;

    private AppliedCommands(ImmutableQueue<string> oldestFirst, ImmutableDictionary<string, long> versions)
    {
        _oldestFirst = oldestFirst;
        _versions = versions;
    }

    public int Count => _versions.Count;

    /// <summary>Oldest first; what a snapshot stores.</summary>
    public IEnumerable<KeyValuePair<string, long>> Entries =>
        _oldestFirst.Select(id => new KeyValuePair<string, long>(id, _versions[id]));

    public bool TryGetVersion(string commandId, out long version) => _versions.TryGetValue(commandId, out version);

    public AppliedCommands Record(string commandId, long version)
    {
        if (_versions.ContainsKey(commandId))
        {
            return new AppliedCommands(_oldestFirst, _versions.SetItem(commandId, version));
        }

        var queue = _oldestFirst.Enqueue(commandId);
        var versions = _versions.Add(commandId, version);
        while (versions.Count > Capacity)
        {
            queue = queue.Dequeue(out var evicted);
            versions = versions.Remove(evicted);
        }

        return new AppliedCommands(queue, versions);
    }

    public static AppliedCommands From(IEnumerable<KeyValuePair<string, long>> oldestFirst) =>
        oldestFirst.Aggregate(Empty, (window, entry) => window.Record(entry.Key, entry.Value));
}
