using Akka.Actor;
using Akka.Persistence;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Testing;
using Orders.WriteSide.Actors;

namespace Orders.WriteSide.Tests;

/// <summary>The order actor over the real SQL journal (SQLite), built by the production Akka.Hosting composition.</summary>
public abstract class OrderActorTests : OrdersTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly JournalReader _journal;

    protected OrderActorTests(DatabaseProvider provider, ITestOutputHelper output)
        : base(provider, database => database.Settings(snapshotEvery: 3), output)
    {
        _journal = new JournalReader(Sys);
    }

    [SkippableFact]
    public async Task An_accepted_command_replies_with_the_new_version_and_its_event_is_in_the_journal()
    {
        var order = Sys.ActorOf(OrderActor.Props("a-1", snapshotEvery: 100, slices: 4));

        order.Tell(Create("a-1", "create-a-1"));

        Assert.Equal(new CommandAccepted("a-1", 1, Replayed: false), ExpectMsg<CommandResult>());
        var stored = Assert.Single(await _journal.EventsOfOrderAsync("a-1"));
        var created = Assert.IsType<OrderCreated>(stored.Event);
        Assert.Equal(("a-1", "customer-1", 2), (created.OrderId, created.CustomerId, created.Lines.Count));
        Assert.Equal(1, stored.SequenceNr);
        Assert.Equal("order-a-1", stored.PersistenceId);
    }

    [SkippableFact]
    public async Task A_node_that_must_not_write_stores_nothing_and_answers_failed_until_it_may_write_again()
    {
        // The node's fence, with a clock and a cluster view the test moves: in the minority, then frozen for 30 s.
        var now = TimeSpan.FromMinutes(1);
        WriteFence.Membership membership = new(Members: 3, Unreachable: 2, SelfDown: false);
        var fence = new WriteFence(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), () => now, () => membership);
        Sys.RegisterExtension(new GivenFence(fence));
        var order = Sys.ActorOf(OrderActor.Props("fenced-1", snapshotEvery: 100, slices: 4));

        order.Tell(Create("fenced-1", "create-fenced-1"));
        Assert.Contains("reaches only 1 of 3", ExpectMsg<CommandFailed>().Reason);

        membership = new(3, 0, false);
        now += TimeSpan.FromSeconds(30);
        order.Tell(Create("fenced-1", "create-fenced-1"));
        Assert.Contains("frozen for 30.0 s", ExpectMsg<CommandFailed>().Reason);
        Assert.Empty(await _journal.EventsOfOrderAsync("fenced-1"));

        for (var i = 0; i < 50; i++)
        {
            // 5 s running (the watchdog ticks every 100 ms), every member seen: past the confirmation time.
            now += TimeSpan.FromMilliseconds(100);
            fence.Tick();
        }

        // The same command (same id) is stored once.
        order.Tell(Create("fenced-1", "create-fenced-1"));
        Assert.Equal(new CommandAccepted("fenced-1", 1, Replayed: false), ExpectMsg<CommandResult>());
        Assert.Single(await _journal.EventsOfOrderAsync("fenced-1"));
    }

    /// <summary>Installs a given fence as the actor system's <see cref="WriteFence"/> (before any order actor asks for it).</summary>
    private sealed class GivenFence(WriteFence fence) : ExtensionIdProvider<WriteFence>
    {
        public override WriteFence CreateExtension(ExtendedActorSystem system) => fence;
    }

    [SkippableFact]
    public async Task A_rejected_command_replies_with_its_code_and_persists_nothing()
    {
        var order = Sys.ActorOf(OrderActor.Props("r-1", snapshotEvery: 100, slices: 4));
        order.Tell(Create("r-1"));
        ExpectMsg<CommandAccepted>();

        order.Tell(new PayOrder("r-1", "card", 1m, At(1)));

        var rejected = ExpectMsg<CommandRejected>();
        Assert.Equal(Rejection.AmountMismatch, rejected.Rejection.Code);
        Assert.Single(await _journal.EventsOfOrderAsync("r-1"));
    }

    [SkippableFact]
    public void A_stopped_order_recovers_its_state_from_the_journal()
    {
        var order = Sys.ActorOf(OrderActor.Props("s-1", snapshotEvery: 100, slices: 4));
        order.Tell(Create("s-1"));
        order.Tell(new RemoveOrderLine("s-1", "B", At(1)));
        order.Tell(new PayOrder("s-1", "card", 20m, At(2)));
        ExpectMsg<CommandAccepted>();
        ExpectMsg<CommandAccepted>();
        Assert.Equal(3, ExpectMsg<CommandAccepted>().Version);
        var before = StateOf(order);
        StopAndWait(order);

        var recovered = StateOf(Sys.ActorOf(OrderActor.Props("s-1", snapshotEvery: 100, slices: 4)));

        Assert.Equal(3, recovered.Version);
        Assert.Equal(OrderStatus.Paid, recovered.Status);
        Assert.Equal(["A"], recovered.Lines.Select(line => line.Sku));
        Assert.Equal(20m, recovered.AmountPaid);
        Assert.Equal(before.UpdatedAt, recovered.UpdatedAt);
    }

    [SkippableFact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_applies_the_later_events()
    {
        // The host takes a snapshot every 3 events.
        var order = Sys.ActorOf(OrderActor.Props("snap-1", snapshotEvery: 3, slices: 4));
        order.Tell(Create("snap-1", "c1"));
        order.Tell(new AddOrderLine("snap-1", "C", 1, 1m, At(1, "c2")));
        order.Tell(new RemoveOrderLine("snap-1", "B", At(2, "c3")));
        order.Tell(new AddOrderLine("snap-1", "D", 2, 2.5m, At(3, "c4")));
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(i, ExpectMsg<CommandAccepted>().Version);
        }

        var snapshot = await AwaitSnapshotAsync("order-snap-1");
        Assert.Equal(3, snapshot.Metadata.SequenceNr);
        Assert.Equal(3, ((OrderState)snapshot.Snapshot).Version);
        StopAndWait(order);
        // Only the snapshot can give the state now: the events it covers are gone (a full replay would find one line, D).
        await Database.ExecuteOnJournalAsync("DELETE FROM tags WHERE persistence_id = 'order-snap-1' AND sequence_nr <= 3");
        await Database.ExecuteOnJournalAsync("DELETE FROM journal WHERE persistence_id = 'order-snap-1' AND sequence_number <= 3");
        Assert.Equal([4L], (await _journal.EventsOfOrderAsync("snap-1")).Select(e => e.SequenceNr));

        var recovered = Sys.ActorOf(OrderActor.Props("snap-1", snapshotEvery: 3, slices: 4));
        var state = StateOf(recovered);

        Assert.Equal(4, state.Version);
        Assert.Equal(["A", "C", "D"], state.Lines.Select(line => line.Sku));
        // Command ids survive the snapshot: a retry of the third command is still recognised.
        recovered.Tell(new RemoveOrderLine("snap-1", "B", At(9, "c3")));
        Assert.Equal(new CommandAccepted("snap-1", 3, Replayed: true), ExpectMsg<CommandResult>());
    }

    [SkippableFact]
    public async Task A_repeated_command_id_persists_once_even_after_recovery()
    {
        var order = Sys.ActorOf(OrderActor.Props("idem-1", snapshotEvery: 100, slices: 4));
        order.Tell(Create("idem-1", "create"));
        ExpectMsg<CommandAccepted>();
        var pay = new PayOrder("idem-1", "card", 25m, At(1, "pay-once"));

        order.Tell(pay);
        order.Tell(pay);

        Assert.Equal(new CommandAccepted("idem-1", 2, Replayed: false), ExpectMsg<CommandResult>());
        Assert.Equal(new CommandAccepted("idem-1", 2, Replayed: true), ExpectMsg<CommandResult>());
        StopAndWait(order);
        var recovered = Sys.ActorOf(OrderActor.Props("idem-1", snapshotEvery: 100, slices: 4));
        recovered.Tell(pay with { Metadata = At(5, "pay-once") });
        Assert.Equal(new CommandAccepted("idem-1", 2, Replayed: true), ExpectMsg<CommandResult>());
        Assert.Equal(2, (await _journal.EventsOfOrderAsync("idem-1")).Count);
    }

    [SkippableFact]
    public async Task Events_read_by_slice_tag_carry_exactly_their_slice_tag()
    {
        // Through the read journal's tag lookup as the service runs it (rewritten into a keyed lookup on this provider).
        var orders = Enumerable.Range(0, 12).Select(i => $"tagged-{i}").ToList();
        foreach (var orderId in orders)
        {
            Sys.ActorOf(OrderActor.Props(orderId, snapshotEvery: 100, slices: 4)).Tell(Create(orderId));
            ExpectMsg<CommandAccepted>();
        }

        for (var slice = 0; slice < 4; slice++)
        {
            var envelopes = await _journal.EventsOfSliceAsync(slice);
            Assert.All(envelopes, envelope => Assert.Equal([Contracts.Tagging.OrderTags.ForSlice(slice)], envelope.Tags));
            Assert.Equal(
                orders.Where(id => Contracts.Tagging.OrderTags.SliceOf(id, 4) == slice).Order(),
                envelopes.Select(envelope => ((IOrderEvent)envelope.Event).OrderId).Order());
        }
    }

    private static CommandMetadata At(int minutes, string? commandId = null) => new(T0.AddMinutes(minutes), commandId);

    private static CreateOrder Create(string orderId, string? commandId = null) =>
        new(orderId, "customer-1", "USD", [new OrderLine("A", 2, 10m), new OrderLine("B", 1, 5m)], At(0, commandId));

    private async Task<SelectedSnapshot> AwaitSnapshotAsync(string persistenceId)
    {
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        SelectedSnapshot? found = null;
        await AwaitAssertAsync(async () =>
        {
            var result = await store.Ask<LoadSnapshotResult>(
                new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), RemainingOrDefault);
            found = result.Snapshot ?? throw new Xunit.Sdk.XunitException("no snapshot yet");
        });
        return found!;
    }
}

public sealed class OrderActorTestsOnSqlite(ITestOutputHelper output) : OrderActorTests(DatabaseProvider.Sqlite, output);

public sealed class OrderActorTestsOnPostgreSql(ITestOutputHelper output) : OrderActorTests(DatabaseProvider.PostgreSql, output);
