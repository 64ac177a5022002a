using System.Diagnostics;
using Akka.Event;
using Akka.Actor;
using Akka.Cluster;

namespace Orders.WriteSide.Actors;

/// <summary>
/// Whether this node may write to the journal now. A node that may already have been given up by the others must
/// not write: once the split brain resolver has downed it, its orders recover elsewhere, and a late write from here
/// would be a second writer. Two cases, each seen by the node itself before the others act on it:
/// <list type="bullet">
/// <item>It reaches only a minority of the cluster (keep-majority will down it): it stops writing as soon as its
/// failure detector says so, which is the same time the majority notices it — and the majority still waits
/// <c>StableAfter</c> and the removal margin before it takes the orders.</item>
/// <item>It was frozen (paused, stalled, starved) for longer than the acceptable heartbeat pause plus the resolver's
/// stable-after — less than the others need to down it and take its orders: they may have done so meanwhile, and it cannot tell until its failure detector has had fresh heartbeats. It writes
/// again only after <see cref="ConfirmAfter"/> with every member reachable; if the others downed it, it never
/// reaches them again, downs itself and exits.</item>
/// </list>
/// Behind this the journal still refuses a second write of any sequence number an order already has.
/// One per actor system (an Akka extension), read by every order actor before it persists.
/// </summary>
public sealed class WriteFence : IExtension, IDisposable
{
    private readonly Func<TimeSpan> _now;
    private readonly Func<Membership?> _membership;
    private readonly Action<string>? _warn;
    private readonly Thread? _watchdog;
    private readonly CancellationTokenSource _stop = new();
    private long _lastTickTicks;
    private long _frozenUntilTicks = -1;
    private long _frozenForTicks;

    /// <param name="freezeThreshold">A stall longer than this fences the node (the acceptable heartbeat pause plus stable-after).</param>
    /// <param name="confirmAfter">How long after a stall the node waits for fresh heartbeats before it trusts its view.</param>
    /// <param name="now">A monotonic clock (it runs on while the process is stopped).</param>
    /// <param name="membership">The cluster as this node sees it; null when it is not a cluster member (tests).</param>
    /// <param name="tickEvery">How often the watchdog notes that the process runs; null: no watchdog thread (tests call <see cref="Tick"/>).</param>
    public WriteFence(TimeSpan freezeThreshold, TimeSpan confirmAfter, Func<TimeSpan> now, Func<Membership?> membership,
        TimeSpan? tickEvery = null, Action<string>? warn = null)
    {
        FreezeThreshold = freezeThreshold;
        ConfirmAfter = confirmAfter;
        _now = now;
        _membership = membership;
        _warn = warn;
        _lastTickTicks = now().Ticks;
        if (tickEvery is { } every)
        {
            _watchdog = new Thread(() =>
            {
                while (!_stop.Token.WaitHandle.WaitOne(every))
                {
                    Tick();
                }
            }) { IsBackground = true, Name = "orders-write-fence" };
            _watchdog.Start();
        }
    }

    public TimeSpan FreezeThreshold { get; }

    public TimeSpan ConfirmAfter { get; }

    public static WriteFence For(ActorSystem system) => system.WithExtension<WriteFence, WriteFenceProvider>();

    /// <summary>Notes that the process runs now; a gap longer than <see cref="FreezeThreshold"/> since the last note was a freeze.</summary>
    public void Tick()
    {
        var now = _now().Ticks;
        // The freeze is noted before the tick moves on, so that a thread that sees the new tick also sees the freeze.
        NoteFreeze(now, now - Volatile.Read(ref _lastTickTicks));
        Volatile.Write(ref _lastTickTicks, now);
    }

    /// <summary>Why this node must not write now, or null when it may.</summary>
    public string? Refusal()
    {
        // The watchdog may not have run since the process resumed: the order actors can be first.
        Tick();
        var now = Volatile.Read(ref _lastTickTicks);
        var membership = _membership();
        var frozenUntil = Volatile.Read(ref _frozenUntilTicks);
        if (frozenUntil >= 0)
        {
            var since = TimeSpan.FromTicks(now - frozenUntil);
            if (since < ConfirmAfter || membership is { Unreachable: > 0 })
            {
                return $"this node was frozen for {TimeSpan.FromTicks(Volatile.Read(ref _frozenForTicks)).TotalSeconds:0.0} s "
                       + $"({since.TotalSeconds:0.0} s ago) and may have been replaced; it writes again once it has seen "
                       + "every member for " + $"{ConfirmAfter.TotalSeconds:0.#} s; nothing was stored";
            }

            Interlocked.CompareExchange(ref _frozenUntilTicks, -1, frozenUntil);
        }

        return membership switch
        {
            { SelfDown: true } => "this node has been downed and is leaving the cluster; nothing was stored",
            { Members: > 0 } m when (m.Members - m.Unreachable) * 2 < m.Members =>
                $"this node reaches only {m.Members - m.Unreachable} of {m.Members} cluster members: the other side will "
                + "take its orders; nothing was stored",
            _ => null,
        };
    }

    private void NoteFreeze(long now, long gap)
    {
        if (gap <= FreezeThreshold.Ticks)
        {
            return;
        }

        Volatile.Write(ref _frozenForTicks, gap);
        if (Interlocked.Exchange(ref _frozenUntilTicks, now) < 0)
        {
            _warn?.Invoke($"This node was frozen for {TimeSpan.FromTicks(gap).TotalSeconds:0.0} s, long enough for the others "
                          + $"to down it ({FreezeThreshold.TotalSeconds:0.#} s): its orders refuse to write until it has "
                          + $"seen every cluster member again for {ConfirmAfter.TotalSeconds:0.#} s");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _watchdog?.Join();
        _stop.Dispose();
    }

    /// <summary>The cluster as one node sees it: members that count (Up, Leaving, as the resolver counts them), how many of them it cannot reach, and whether it has been downed.</summary>
    public sealed record Membership(int Members, int Unreachable, bool SelfDown)
    {
        public static Membership Of(Cluster cluster)
        {
            var state = cluster.State;
            var self = cluster.SelfMember.Status;
            // Not Removed: that is also what a node reports before it has joined.
            var selfDown = self is MemberStatus.Down;
            if (state.Unreachable.Count == 0)
            {
                return new Membership(state.Members.Count, 0, selfDown);
            }

            var counted = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
            return new Membership(counted.Count, counted.Count(state.Unreachable.Contains), selfDown);
        }
    }
}

public sealed class WriteFenceProvider : ExtensionIdProvider<WriteFence>
{
    public override WriteFence CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var pause = config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", TimeSpan.FromSeconds(3), allowInfinite: false);
        var interval = config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval", TimeSpan.FromSeconds(1), allowInfinite: false);
        var stableAfter = config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20), allowInfinite: false);
        var cluster = system.Provider is IClusterActorRefProvider ? Cluster.Get(system) : null;
        var clock = Stopwatch.StartNew();
        var fence = new WriteFence(
            // Shorter than the others need to take this node's orders (notice it, wait StableAfter, remove it, wait
            // the margin), longer than a busy machine keeps a thread from running.
            freezeThreshold: pause + stableAfter,
            // Fresh heartbeats need a round or two after a freeze before this node's view of the others is true again.
            confirmAfter: pause + interval + interval,
            now: () => clock.Elapsed,
            membership: cluster is null ? () => null : () => WriteFence.Membership.Of(cluster),
            tickEvery: TimeSpan.FromMilliseconds(100),
            warn: message => system.Log.Warning(message));
        system.RegisterOnTermination(fence.Dispose);
        return fence;
    }
}
