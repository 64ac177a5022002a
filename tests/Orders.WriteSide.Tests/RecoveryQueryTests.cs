using Orders.WriteSide.Hosting;
using Orders.Contracts.Database;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Testing;

namespace Orders.WriteSide.Tests;

/// <summary>
/// The journal and snapshot store answer a recovery's first questions with plain statements of their own
/// (Orders.Contracts/Database/Plugins). These tests speak the plugins' protocol directly, on the real database: the
/// answers must be the ones Akka.Persistence.Sql gives. Most would pass on the plugin's own classes too — they show
/// the answers did not change; JournalConfigurationTests shows the plain statements are the ones asked, and the
/// in-flight test below fails when the journal does not wait for a write still on its way.
/// </summary>
public abstract class RecoveryQueryTests(DatabaseProvider provider, ITestOutputHelper output)
    : OrdersTestKit(provider, database => database.Settings(), output)
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    protected IActorRef Journal => Persistence.Instance.Apply(Sys).JournalFor(null);

    protected IActorRef Snapshots => Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    [SkippableFact]
    public void A_new_order_recovers_with_nothing_and_an_order_with_events_with_all_of_them_in_order()
    {
        Assert.Equal(0, Replay("nobody").Highest);

        Write("three", 1, 2, 3);
        Write("other", 1);
        var (events, highest) = Replay("three");

        Assert.Equal(3, highest);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.SequenceNr));
        // From a later sequence number, as Akka.Persistence.Sql answers: the highest above it, 0 when there is none
        // (the persistent actor keeps the larger of that and what it already knows).
        Assert.Equal(3, Replay("three", from: 3).Highest);
        Assert.Equal(0, Replay("three", from: 5).Highest);
    }

    [SkippableFact]
    public void Deleted_events_still_count_for_the_highest_sequence_number()
    {
        // Akka.Persistence.Sql keeps the highest row of a deleted range (marked deleted): a recovery must go on at 4, not 1.
        Write("trimmed", 1, 2, 3);
        Journal.Tell(new DeleteMessagesTo(OrderPersistenceId.For("trimmed"), 3, TestActor));
        ExpectMsg<DeleteMessagesSuccess>();

        var (events, highest) = Replay("trimmed");

        Assert.Empty(events);
        Assert.Equal(3, highest);
    }

    [SkippableFact]
    public void A_snapshot_is_found_when_there_is_one_and_only_then()
    {
        var persistenceId = OrderPersistenceId.For("snapped");
        Assert.Null(Load(persistenceId, SnapshotSelectionCriteria.Latest));

        Save(persistenceId, 3, "at three");
        Save(persistenceId, 6, "at six");

        Assert.Equal((6L, "at six"), Selected(Load(persistenceId, SnapshotSelectionCriteria.Latest)));
        Assert.Equal((3L, "at three"), Selected(Load(persistenceId, new SnapshotSelectionCriteria(5))));
        Assert.Null(Load(persistenceId, new SnapshotSelectionCriteria(2)));
        // Another persistence id that starts the same is not this one.
        Assert.Null(Load(OrderPersistenceId.For("snap"), SnapshotSelectionCriteria.Latest));
    }

    [SkippableFact]
    public async Task An_order_recovers_from_its_snapshot_through_the_store()
    {
        // The whole path an order takes: events, a snapshot after every second, then a fresh incarnation.
        var order = Sys.ActorOf(Actors.OrderActor.Props("whole", snapshotEvery: 2, slices: 4));
        order.Tell(new CreateOrder("whole", "c-1", "EUR", [new OrderLine("A", 1, 5m)], new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>();
        order.Tell(new AddOrderLine("whole", "B", 2, 3m, new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>();
        order.Tell(new AddOrderLine("whole", "C", 1, 1m, new CommandMetadata(T0)));
        ExpectMsg<CommandAccepted>();
        await AwaitAssertAsync(() => Assert.NotNull(Load(OrderPersistenceId.For("whole"), SnapshotSelectionCriteria.Latest)));
        Watch(order);
        Sys.Stop(order);
        ExpectTerminated(order);

        var again = Sys.ActorOf(Actors.OrderActor.Props("whole", snapshotEvery: 2, slices: 4));
        var state = StateOf(again);
        again.Tell(new AddOrderLine("whole", "D", 1, 1m, new CommandMetadata(T0)));

        Assert.Equal((3L, 12m), (state.Version, state.Total));
        Assert.Equal(new CommandAccepted("whole", 4, Replayed: false), ExpectMsg<CommandResult>());
    }

    [SkippableFact]
    public async Task The_journal_warm_up_asks_a_recovery_s_questions_of_the_oldest_order_and_writes_nothing()
    {
        var database = new OrdersDatabase(Database.Settings().Database);
        Assert.Equal(new JournalWarmUp.Result(true, null), await JournalWarmUp.RunAsync(Sys, database)); // an empty journal: the plugins start

        Write("first", 1, 2);
        Write("second", 1);
        var before = await JournalShapeAsync();

        Assert.Equal(new JournalWarmUp.Result(true, OrderPersistenceId.For("first")), await JournalWarmUp.RunAsync(Sys, database));
        Assert.Equal(before, await JournalShapeAsync());
        Assert.Equal((3L, 3L), (before.Rows, before.Events));
    }

    /// <summary>Rows and the highest ordering of the journal, and the events a replay of both orders finds.</summary>
    private async Task<(long Rows, long MaxOrdering, long Events)> JournalShapeAsync()
    {
        var dialect = SqlDialect.For(Database.Provider);
        await using var connection = await dialect.OpenAsync(Database.ConnectionString);
        await using var command = connection.CreateCommand(null, "SELECT COUNT(*), MAX(ordering) FROM journal", []);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var shape = (reader.GetInt64(0), reader.GetInt64(1));
        return (shape.Item1, shape.Item2, Replay("first").Events.Count + Replay("second").Events.Count);
    }

    protected void Write(string orderId, params long[] sequenceNrs)
    {
        var persistenceId = OrderPersistenceId.For(orderId);
        var writes = sequenceNrs.Select(seq => new AtomicWrite(new Persistent(
            new OrderLineAdded(orderId, $"SKU-{seq}", 1, 1m, T0), seq, persistenceId, writerGuid: "recovery-tests"))).ToList();
        Journal.Tell(new WriteMessages(writes, TestActor, 1));
        var answers = ReceiveN(sequenceNrs.Length + 1, TimeSpan.FromSeconds(15));
        Assert.Single(answers.OfType<WriteMessagesSuccessful>());
        Assert.Equal(sequenceNrs, answers.OfType<WriteMessageSuccess>().Select(success => success.Persistent.SequenceNr));
    }

    protected (IReadOnlyList<IPersistentRepresentation> Events, long Highest) Replay(string orderId, long from = 1)
    {
        Journal.Tell(new ReplayMessages(from, long.MaxValue, long.MaxValue, OrderPersistenceId.For(orderId), TestActor));
        var events = new List<IPersistentRepresentation>();
        while (true)
        {
            switch (ExpectMsg<object>(TimeSpan.FromSeconds(15)))
            {
                case ReplayedMessage replayed:
                    events.Add(replayed.Persistent);
                    break;
                case RecoverySuccess success:
                    return (events, success.HighestSequenceNr);
                case var other:
                    throw new Xunit.Sdk.XunitException($"the journal answered a replay with {other}");
            }
        }
    }

    private void Save(string persistenceId, long sequenceNr, string snapshot)
    {
        Snapshots.Tell(new SaveSnapshot(new SnapshotMetadata(persistenceId, sequenceNr, T0.UtcDateTime), snapshot));
        ExpectMsg<SaveSnapshotSuccess>();
    }

    private SelectedSnapshot? Load(string persistenceId, SnapshotSelectionCriteria criteria)
    {
        Snapshots.Tell(new LoadSnapshot(persistenceId, criteria, long.MaxValue));
        return ExpectMsg<LoadSnapshotResult>().Snapshot;
    }

    private static (long, string) Selected(SelectedSnapshot? selected) =>
        selected is null ? throw new Xunit.Sdk.XunitException("no snapshot") : (selected.Metadata.SequenceNr, (string)selected.Snapshot);
}

public sealed class RecoveryQueryTestsOnSqlite(ITestOutputHelper output) : RecoveryQueryTests(DatabaseProvider.Sqlite, output);

public sealed class RecoveryQueryTestsOnPostgreSql(ITestOutputHelper output) : RecoveryQueryTests(DatabaseProvider.PostgreSql, output)
{
    [SkippableFact]
    public async Task A_journal_warm_up_whose_plugins_cannot_reach_the_database_gives_up_without_failing()
    {
        // A host whose journal and snapshot store point at nothing: the plugins themselves fail, not only the lookup.
        var settings = Database.Settings();
        settings.Database.ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Password=none;Timeout=2";
        using var unreachable = OrdersTestHost.Start(settings);
        var started = DateTime.UtcNow;

        Assert.Equal(new JournalWarmUp.Result(false, null), await JournalWarmUp.RunAsync(unreachable.System, new OrdersDatabase(settings.Database)));
        Assert.True(DateTime.UtcNow - started < JournalWarmUp.Timeout, "the warm-up waited out its whole timeout");
    }

    /// <summary>
    /// SQLite cannot have this case (one writer at a time: the test's own open write would hold the whole file). An
    /// order stopped while its last write is still on its way, then recovered at once: the recovery must count that
    /// write, or the new incarnation would write its next event over a sequence number already taken.
    /// </summary>
    [SkippableFact]
    public async Task A_recovery_waits_for_a_write_of_the_same_order_that_is_still_in_flight()
    {
        Write("in-flight", 1);
        var writer = new RawJournalWriter(Database, Database.Settings().Projections.Slices);
        var persistenceId = OrderPersistenceId.For("in-flight");
        var writes = CreateTestProbe();
        var replay = CreateTestProbe();

        await using (var held = await writer.BeginAsync(new OrderLineAdded("in-flight", "held", 1, 1m, T0), 2))
        {
            // The journal's write of event 2 waits on our uncommitted row with the same key; the replay comes after it.
            Journal.Tell(new WriteMessages(
                [new AtomicWrite(new Persistent(new OrderLineAdded("in-flight", "SKU-2", 1, 1m, T0), 2, persistenceId, writerGuid: "recovery-tests"))],
                writes.Ref, 1));
            Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, replay.Ref));
            await AwaitAssertAsync(async () => Assert.True(await JournalInsertIsWaitingOnALockAsync()), TimeSpan.FromSeconds(15));
            // Asked now, the database would answer 1 (and event 1 would be replayed): the replay must still be waiting.
            replay.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        }

        // Our row rolled back: the journal's write of event 2 goes through, and the recovery counts it.
        writes.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(15));
        Assert.Equal(1, replay.ExpectMsg<ReplayedMessage>(TimeSpan.FromSeconds(15)).Persistent.SequenceNr);
        Assert.Equal(2, replay.ExpectMsg<ReplayedMessage>().Persistent.SequenceNr);
        Assert.Equal(2, replay.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
        Assert.Equal([1L, 2L], Replay("in-flight").Events.Select(e => e.SequenceNr));
    }

    private async Task<bool> JournalInsertIsWaitingOnALockAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO%journal%'",
            connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }
}
