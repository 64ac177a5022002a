using Orders.Domain;
using Orders.Gateway.Observability;
using Orders.Projections.OrderSummary;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;

namespace Orders.Gateway.OperatorConsole;

/// <summary>The orders page: an order found by id, or one page of a customer's orders, newest first.</summary>
public sealed record OrdersModel(string? Id, string? Customer)
{
    public string? Problem { get; init; }
    public bool Searched { get; init; }
    public OrderSummaryRow? Found { get; init; }
    public string? Before { get; init; }
    public IReadOnlyList<OrderSummaryRow>? CustomerOrders { get; init; }

    /// <summary>The <c>before</c> of the next (older) page, when there is one.</summary>
    public string? OlderFrom { get; init; }
}

/// <summary>One event of an order's stream as the journal holds it (time, type and JSON are null when it cannot be read).</summary>
/// <param name="UpcastTo">The manifest it is read as today, when it was stored under an older one.</param>
public sealed record EventRow(long Version, DateTimeOffset? Time, string? Type, string StoredManifest, string? UpcastTo, string? Json)
{
    /// <summary>Why the event cannot be read, or null.</summary>
    public string? Unreadable { get; init; }
}

/// <summary>An order: its stream, its state at a version or time, its read row.</summary>
public sealed record OrderModel(string OrderId)
{
    public string? Problem { get; init; }
    public IReadOnlyList<EventRow> Events { get; init; } = [];
    public OrderSummaryRow? ReadRow { get; init; }
    public long? Version { get; init; }
    public string? At { get; init; }
    public OrderState? State { get; init; }
    public string? StateJson { get; init; }
    public string? StateMissing { get; init; }

    public long LastVersion => Events.Count == 0 ? 0 : Events[^1].Version;
}

/// <summary>Every projection's workers, their lag history, and rebuilds.</summary>
public sealed record ProjectionsModel(
    IReadOnlyList<string> Projections,
    IReadOnlyList<WorkerStatus> Workers,
    IReadOnlyList<LagSample> History,
    IReadOnlyDictionary<string, RebuildOutcome> Finished,
    IReadOnlyDictionary<string, long> RebuildApplied,
    string ShadowSuffix,
    DateTimeOffset Now,
    TimeSpan LiveWithin)
{
    public IEnumerable<WorkerStatus> WorkersOf(string projection) =>
        Workers.Where(worker => worker.Projection == projection).OrderBy(worker => worker.Slice);

    /// <summary>
    /// The shadow generation's workers of a rebuild of <paramref name="projection"/> that is running: rebuilding and
    /// heard from lately (a rebuild that failed, or whose process died, leaves rows that are neither).
    /// </summary>
    public IReadOnlyList<WorkerStatus> RebuildOf(string projection) =>
        WorkersOf(projection + ShadowSuffix).Where(worker => worker.State == ProjectionState.Rebuilding && Now - worker.UpdatedAt < LiveWithin).ToList();

    /// <summary>Rows a rebuild left behind without finishing (failed, or its process gone): shown as such, not as running.</summary>
    public IReadOnlyList<WorkerStatus> AbandonedRebuildOf(string projection) =>
        WorkersOf(projection + ShadowSuffix).Except(RebuildOf(projection)).ToList();
}

public sealed record MemberRow(string Address, IReadOnlyList<string> Roles, string Status, bool Unreachable, bool Self, bool Leader);

public sealed record ShardRow(string Node, int Shards, int Orders);

public sealed record ClusterModel(IReadOnlyList<MemberRow> Members, IReadOnlyList<ShardRow> Shards, TimeSpan ShardsRefreshedEvery);
