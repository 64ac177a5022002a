using Orders.WriteSide.Actors;

namespace Orders.WriteSide.Tests;

/// <summary>
/// When a node must not write: it reaches only a minority of the cluster, it has been downed, or it was frozen for
/// longer than the acceptable heartbeat pause and has not yet seen every member again for long enough.
/// </summary>
public sealed class WriteFenceTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Confirm = TimeSpan.FromSeconds(4);
    private TimeSpan _now = TimeSpan.FromMinutes(1);
    private WriteFence.Membership? _membership = new(Members: 4, Unreachable: 0, SelfDown: false);

    private WriteFence Fence() => new(Pause, Confirm, () => _now, () => _membership);

    /// <summary>Time passes with the process running: the watchdog ticks every 100 ms.</summary>
    private void Run(WriteFence fence, TimeSpan by)
    {
        for (var end = _now + by; _now < end;)
        {
            _now += TimeSpan.FromMilliseconds(100);
            fence.Tick();
        }
    }

    [Fact]
    public void A_node_that_reaches_a_majority_writes_and_one_in_the_minority_or_downed_does_not()
    {
        var fence = Fence();
        Assert.Null(fence.Refusal());

        _membership = new(4, 1, false); // one node of four lost: this side keeps its majority
        Assert.Null(fence.Refusal());

        _membership = new(4, 3, false);
        Assert.Contains("reaches only 1 of 4 cluster members", fence.Refusal());

        _membership = new(3, 2, false);
        Assert.Contains("reaches only 1 of 3", fence.Refusal());

        _membership = new(4, 2, false); // an even split: not a strict minority, the resolver's tie-break decides
        Assert.Null(fence.Refusal());

        _membership = new(4, 0, SelfDown: true);
        Assert.Contains("has been downed", fence.Refusal());

        _membership = null; // not a cluster member (an actor test): only a freeze fences it
        Assert.Null(fence.Refusal());
    }

    [Fact]
    public void A_gap_shorter_than_the_acceptable_heartbeat_pause_is_not_a_freeze()
    {
        var fence = Fence();
        for (var i = 0; i < 10; i++)
        {
            _now += TimeSpan.FromMilliseconds(1900);
            Assert.Null(fence.Refusal());
            fence.Tick();
        }
    }

    [Fact]
    public void After_a_freeze_the_node_writes_only_once_it_has_seen_every_member_for_the_confirmation_time()
    {
        var fence = Fence();
        fence.Tick();

        // Resumed after 30 s stopped; the order actor runs before the watchdog does.
        _now += TimeSpan.FromSeconds(30);
        var refusal = fence.Refusal();
        Assert.NotNull(refusal);
        Assert.Contains("frozen for 30.0 s", refusal);

        // Within the confirmation time it stays fenced, even though it still believes every member is reachable.
        Run(fence, Confirm - TimeSpan.FromMilliseconds(200));
        Assert.NotNull(fence.Refusal());

        // Past it, but a member is unreachable (the others may have downed it): still fenced.
        Run(fence, TimeSpan.FromMilliseconds(300));
        _membership = new(4, 1, false);
        Assert.Contains("frozen", fence.Refusal());
        Run(fence, TimeSpan.FromSeconds(10));
        Assert.Contains("frozen", fence.Refusal());

        // Every member reachable again: it writes, and goes on writing.
        _membership = new(4, 0, false);
        Assert.Null(fence.Refusal());
        Run(fence, TimeSpan.FromSeconds(1));
        Assert.Null(fence.Refusal());
    }

    [Fact]
    public void A_freeze_noticed_by_the_watchdog_first_fences_the_same_way()
    {
        var fence = Fence();
        _now += TimeSpan.FromSeconds(5);
        fence.Tick();
        Assert.Contains("frozen for 5.0 s", fence.Refusal());
        Run(fence, Confirm);
        Assert.Null(fence.Refusal());
    }

    [Fact]
    public void The_watchdog_thread_keeps_a_running_process_unfenced()
    {
        var threshold = TimeSpan.FromSeconds(1);
        using var fence = new WriteFence(threshold, Confirm, () => _clock.Elapsed, () => null,
            tickEvery: TimeSpan.FromMilliseconds(20));
        Thread.Sleep(threshold * 2.5); // longer than the threshold: without the watchdog's ticks this would read as a freeze
        Assert.Null(fence.Refusal());
    }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
}
