namespace Orders.Projections.Runtime;

/// <summary>
/// One projection inside its slice's worker: its mode, its offset, and whether it takes its share of the slice's
/// shared read (<see cref="Following"/>) or reads on its own until it has caught up (<see cref="CatchingUp"/>).
/// Owned by the worker actor; only <see cref="Epoch"/> is also read by the shared read's commit stage.
/// </summary>
public sealed class SliceMember(IProjection projection)
{
    private int _epoch;

    public IProjection Projection { get; } = projection;

    public string Name => Projection.Name;

    public MemberMode Mode { get; set; } = MemberMode.Starting;

    /// <summary>The journal ordering number up to which this projection's commits have landed, as this worker knows.</summary>
    public long Offset { get; set; }

    /// <summary>Takes its share of the slice's shared read.</summary>
    public bool Following { get; set; }

    /// <summary>
    /// Moves on whenever this projection stops or starts again (paused, failed, joined): a shared read takes it along
    /// only while the epoch is the one it started with, so a read from before a pause never commits for it after.
    /// </summary>
    public int Epoch => Volatile.Read(ref _epoch);

    public void NextEpoch() => Interlocked.Increment(ref _epoch);

    /// <summary>Its own read, while it is behind the shared one or retrying after a failure of its own.</summary>
    public bool CatchingUp { get; set; }

    /// <summary>Bumped whenever its own read's result must be ignored (paused meanwhile).</summary>
    public int Generation { get; set; }

    public Task CatchUpCompletion { get; set; } = Task.CompletedTask;

    public CancellationTokenSource? CatchUpCancellation { get; set; }

    /// <summary>What its reads have settled within the backtracking window: the pass re-reads only the rest.</summary>
    public SeenOrderings Seen { get; } = new();

    /// <summary>Failures of its own in a row; the delay before it tries again doubles with each.</summary>
    public int Failures { get; set; }

    public bool IsRunning => Mode == MemberMode.Running;

    /// <summary>Its own read of generation <paramref name="generation"/> has ended; false when that read no longer counts.</summary>
    public bool EndCatchUp(int generation)
    {
        if (generation != Generation)
        {
            return false;
        }

        CatchingUp = false;
        return true;
    }

    /// <summary>Stops its own read, if one runs; whatever that read still reports is ignored.</summary>
    public void StopCatchUp()
    {
        Generation++;
        CatchUpCancellation?.Cancel();
        CatchUpCancellation = null;
        CatchingUp = false;
    }

    public bool IsFollowing => IsRunning && Following;
}
