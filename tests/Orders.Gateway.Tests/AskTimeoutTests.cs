using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orders.Gateway.Commands;
using Orders.Gateway.Configuration;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Gateway.Tests;

/// <summary>
/// How long a command waits for its order (<see cref="SendStep.CurrentAskTimeout"/>), in a real cluster of three actor
/// systems on loopback: the whole Ask timeout normally; the short one while a member is unreachable and for twice the
/// short one after a downed member is removed (the region may still send to the lost node's region until it has seen
/// that region terminate); not after a member leaves gracefully (its shards were handed over first).
/// </summary>
public sealed class AskTimeoutTests : IDisposable
{
    private static readonly TimeSpan Whole = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);
    private readonly List<ActorSystem> _systems = [];

    [Fact]
    public async Task The_short_wait_holds_while_a_member_is_lost_and_for_one_ask_timeout_after_its_removal_but_not_after_a_graceful_leave()
    {
        var gateway = Node();
        var self = Cluster.Get(gateway);
        self.Join(self.SelfAddress);
        var leaving = Node();
        var lost = Node();
        Cluster.Get(leaving).Join(self.SelfAddress);
        Cluster.Get(lost).Join(self.SelfAddress);
        await Holds(() => Assert.Equal(3, self.State.Members.Count(member => member.Status == MemberStatus.Up)), TimeSpan.FromSeconds(30));
        var step = new SendStep(new NoRegion(), gateway, Options.Create(new GatewaySettings { AskTimeout = Whole, AskTimeoutWhileUnreachable = Short }),
            NullLogger<CommandPipeline>.Instance);
        Assert.Equal(Whole, step.CurrentAskTimeout());

        // A graceful leave: removed after Exiting, not Down.
        var leavingAddress = Cluster.Get(leaving).SelfAddress;
        await Cluster.Get(leaving).LeaveAsync();
        await Holds(() =>
        {
            Assert.DoesNotContain(self.State.Members, member => member.Address == leavingAddress);
            Assert.Empty(self.State.Unreachable);
        }, TimeSpan.FromSeconds(30));
        Assert.True(Whole == step.CurrentAskTimeout(), $"{step.CurrentAskTimeout()} after a graceful leave; unreachable: {string.Join(", ", self.State.Unreachable)}");

        // A crash: unreachable, then downed and removed.
        var lostAddress = Cluster.Get(lost).SelfAddress;
        await lost.Terminate();
        await Holds(() => Assert.Contains(self.State.Unreachable, member => member.Address == lostAddress), TimeSpan.FromSeconds(30));
        Assert.Equal(Short, step.CurrentAskTimeout());
        self.Down(lostAddress);
        await Holds(() => Assert.DoesNotContain(self.State.Members, member => member.Address == lostAddress), TimeSpan.FromSeconds(30));
        var removedAt = DateTime.UtcNow;
        Assert.Empty(self.State.Unreachable);
        // Removed, but its region may still be sent to (the step hears of the removal by its own subscription).
        await Holds(() => Assert.Equal(Short, step.CurrentAskTimeout()), TimeSpan.FromSeconds(1));
        await Holds(() => Assert.Equal(Whole, step.CurrentAskTimeout()), TimeSpan.FromSeconds(10));
        var shortFor = DateTime.UtcNow - removedAt;
        Assert.True(shortFor >= 2 * Short - TimeSpan.FromMilliseconds(500), $"the short wait ended {shortFor.TotalSeconds:F1} s after the removal");
        Assert.True(shortFor < Whole, $"the short wait lasted {shortFor.TotalSeconds:F1} s after the removal: slow orders would answer 503");
    }

    private static Task Holds(Action check, TimeSpan within) => Eventually.Holds(() =>
    {
        check();
        return Task.CompletedTask;
    }, within);

    private ActorSystem Node()
    {
        var system = ActorSystem.Create("orders", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s
            akka.cluster.failure-detector.heartbeat-interval = 250ms
            akka.cluster.unreachable-nodes-reaper-interval = 250ms
            akka.loglevel = WARNING
            # Terminate() is then a crash: the system stops without leaving the cluster.
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """));
        _systems.Add(system);
        return system;
    }

    public void Dispose() => Task.WaitAll(_systems.Select(system => system.Terminate()).ToArray(), TimeSpan.FromSeconds(20));

    private sealed class NoRegion : IRequiredActor<OrderRegion>
    {
        public IActorRef ActorRef => ActorRefs.Nobody;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<IActorRef>(ActorRefs.Nobody);
    }
}
