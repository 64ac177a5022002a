using Akka.Actor;
using Akka.Persistence.Query;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>
/// The slices' live read (<see cref="SliceEventReader"/>) reads the journal's tables itself, bounded by the
/// journal's gap-free ordering (<see cref="JournalFrontier"/>): what it hands over, in what order and batches, where it stops, and what it does at an
/// unreadable event and at a write that has not committed yet.
/// </summary>
public abstract class SliceEventReaderTests(DatabaseProvider provider) : TestWithResources
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_read_hands_over_its_slices_events_after_the_offset_oldest_first_in_batches_and_stops_at_its_limit_or_when_told()
    {
        var (reader, writer, journal, slices) = await StartAsync();
        var ids = OrderIdsIn(slice: 0, slices, count: 7, "read");
        var elsewhere = OrderIdsIn(slice: 1, slices, count: 1, "read")[0];
        for (var i = 0; i < ids.Count; i++)
        {
            await writer.WriteAsync(Created(ids[i]), 1);
            if (i == 3)
            {
                await writer.WriteAsync(Created(elsewhere), 1);
            }
        }

        var tag = OrderTags.ForSlice(0);
        var orderings = await journal.OrderingsAsync(tag, 0, long.MaxValue);
        Assert.Equal(ids.Count, orderings.Count);

        var batches = new List<IReadOnlyList<EventEnvelope>>();
        var handed = await reader.ReadAsync(tag, orderings[1], limit: 100, batchSize: 2, Collect(batches), CancellationToken.None);
        Assert.Equal(5, handed);
        Assert.Equal(orderings.Skip(2), batches.SelectMany(batch => batch).Select(Ordering));
        Assert.Equal(ids.Skip(2), batches.SelectMany(batch => batch).Select(envelope => ((OrderCreated)envelope.Event).OrderId));
        Assert.Equal([2, 2, 1], batches.Select(batch => batch.Count));
        Assert.All(batches.SelectMany(batch => batch), envelope => Assert.Equal(OrderPersistenceIdOf(envelope), envelope.PersistenceId));

        batches.Clear();
        Assert.Equal(3, await reader.ReadAsync(tag, 0, limit: 3, batchSize: 2, Collect(batches), CancellationToken.None));
        Assert.Equal(orderings.Take(3), batches.SelectMany(batch => batch).Select(Ordering));

        batches.Clear();
        Assert.Equal(2, await reader.ReadAsync(tag, 0, limit: 100, batchSize: 2,
            batch => { batches.Add(batch); return Task.FromResult(false); }, CancellationToken.None));
        Assert.Single(batches);

        batches.Clear();
        Assert.Equal(0, await reader.ReadAsync(tag, orderings[^1], limit: 100, batchSize: 2, Collect(batches), CancellationToken.None));
        Assert.Empty(batches);
    }

    [SkippableFact]
    public async Task An_unreadable_event_ends_the_read_with_its_error_after_the_events_before_it_were_handed_over()
    {
        var (reader, writer, _, slices) = await StartAsync();
        var ids = OrderIdsIn(slice: 0, slices, count: 3, "poison");
        await writer.WriteAsync(Created(ids[0]), 1);
        await using (var held = await writer.BeginAsync(ids[1], 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await held.CommitAsync();
        }

        await writer.WriteAsync(Created(ids[2]), 1);

        var batches = new List<IReadOnlyList<EventEnvelope>>();
        var error = await Record.ExceptionAsync(() =>
            reader.ReadAsync(OrderTags.ForSlice(0), 0, limit: 100, batchSize: 10, Collect(batches), CancellationToken.None));

        Assert.NotNull(error);
        Assert.True(ProjectionFailures.IsPoison(error), error.ToString());
        Assert.Equal([ids[0]], batches.SelectMany(batch => batch).Select(envelope => ((OrderCreated)envelope.Event).OrderId));
    }

    protected async Task<(SliceEventReader Reader, RawJournalWriter Writer, JournalTables Journal, int Slices)> StartAsync()
    {
        var (writer, journal, settings, system) = await StartJournalAsync();
        return (new SliceEventReader(system, new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System)), writer, journal,
            settings.Projections.Slices);
    }

    /// <summary>The database of the last <see cref="StartJournalAsync"/>.</summary>
    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>A database whose journal's tables the plugin has made, and a way to write to them directly.</summary>
    protected async Task<(RawJournalWriter Writer, JournalTables Journal, OrdersSettings Settings, ActorSystem System)> StartJournalAsync()
    {
        var database = Track(TestDatabases.Create(provider));
        Database = database;
        var settings = database.Settings();
        var host = Track(OrdersTestHost.Start(settings));
        var journal = new JournalTables(settings.Database);
        // The plugin makes the journal's tables when it first writes: one order in a slice no test reads.
        var warmUp = OrderIdsIn(slice: settings.Projections.Slices - 1, settings.Projections.Slices, count: 1, "warm-up")[0];
        Assert.IsType<CommandAccepted>(await host.Registry.Get<OrderRegion>().Ask<CommandResult>(
            new CreateOrder(warmUp, "c-reader", "EUR", [new OrderLine("A", 1, 2m)], new CommandMetadata(T0)), TimeSpan.FromSeconds(30)));
        return (new RawJournalWriter(database, settings.Projections.Slices), journal, settings, host.System);
    }

    [SkippableFact]
    public async Task Without_a_gap_the_frontier_is_the_journals_end_and_every_answer_includes_what_committed_before_it_was_asked()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var frontier = new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 40, "front");

        // Writers and askers at once: each asker is answered by a check that began after it asked, however many share it.
        var asks = ids.Select(async id =>
        {
            await using var held = await writer.BeginAsync(Created(id), 1);
            await held.CommitAsync();
            var front = await frontier.ReadAsync(0, CancellationToken.None);
            Assert.True(front.End >= held.Ordering, $"the answer ended at {front.End}, before {held.Ordering}, committed before it was asked");
        }).ToList();
        await Task.WhenAll(asks);

        var max = (await journal.OrderingSpanAsync(0, long.MaxValue)).Max;
        Assert.Equal(new JournalFront(max, max), await frontier.ReadAsync(0, CancellationToken.None));
        Assert.Equal(0, frontier.GivenUp);
    }

    protected static Func<IReadOnlyList<EventEnvelope>, Task<bool>> Collect(List<IReadOnlyList<EventEnvelope>> batches) =>
        batch =>
        {
            batches.Add(batch);
            return Task.FromResult(true);
        };

    protected static List<string> OrderIdsIn(int slice, int slices, int count, string prefix) =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").Where(id => OrderTags.SliceOf(id, slices) == slice).Take(count).ToList();

    protected static OrderCreated Created(string orderId) => new(orderId, "c-reader", "EUR", [new OrderLine("A", 1, 2m)], T0);

    protected static long Ordering(EventEnvelope envelope) => ((Sequence)envelope.Offset).Value;

    private static string OrderPersistenceIdOf(EventEnvelope envelope) =>
        OrderPersistenceId.For(((OrderCreated)envelope.Event).OrderId);
}

public sealed class SliceEventReaderTestsOnSqlite() : SliceEventReaderTests(DatabaseProvider.Sqlite);

public sealed class SliceEventReaderTestsOnPostgreSql() : SliceEventReaderTests(DatabaseProvider.PostgreSql)
{
    /// <summary>SQLite cannot have this case: while a write is open, its readers of the journal wait for it.</summary>
    [SkippableFact]
    public async Task A_write_that_has_not_committed_is_not_read_and_is_read_once_it_has()
    {
        var (reader, writer, _, slices) = await StartAsync();
        var id = OrderIdsIn(slice: 0, slices, count: 1, "held")[0];
        var tag = OrderTags.ForSlice(0);
        var batches = new List<IReadOnlyList<EventEnvelope>>();
        await using (var held = await writer.BeginAsync(Created(id), 1))
        {
            Assert.Equal(0, await reader.ReadAsync(tag, 0, limit: 100, batchSize: 10, Collect(batches), CancellationToken.None));
            await held.CommitAsync();
        }

        Assert.Equal(1, await reader.ReadAsync(tag, 0, limit: 100, batchSize: 10, Collect(batches), CancellationToken.None));
        Assert.Equal([id], batches.SelectMany(batch => batch).Select(envelope => ((OrderCreated)envelope.Event).OrderId));
    }

    [SkippableFact]
    public async Task A_write_in_flight_holds_the_frontier_below_it_until_it_commits()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var frontier = new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 2, "front-held");
        await using var held = await writer.BeginAsync(Created(ids[0]), 1);
        await writer.WriteAsync(Created(ids[1]), 1);

        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering - 1), await frontier.ReadAsync(0, CancellationToken.None));
        // Asked again and again, it still waits: the gap wait has not passed.
        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering - 1), await frontier.ReadAsync(0, CancellationToken.None));

        await held.CommitAsync();
        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering + 1), await frontier.ReadAsync(0, CancellationToken.None));
        Assert.Equal(0, frontier.GivenUp);
    }

    [SkippableFact]
    public async Task A_number_missing_for_the_whole_gap_wait_is_given_up_and_not_before()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var clock = new ManualClock(T0);
        var frontier = new JournalFrontier(journal, TimeSpan.FromSeconds(10), clock);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 3, "front-lost");
        long lost;
        await using (var rolledBack = await writer.BeginAsync(Created(ids[0]), 1))
        {
            lost = rolledBack.Ordering;
            await writer.WriteAsync(Created(ids[1]), 1);
            Assert.Equal(lost - 1, (await frontier.ReadAsync(0, CancellationToken.None)).GapFree);
        }

        // Rolled back: the number stays missing for ever. It is first seen missing at T0; a later write is seen later.
        clock.Advance(TimeSpan.FromSeconds(6));
        await writer.WriteAsync(Created(ids[2]), 1);
        Assert.Equal(new JournalFront(lost + 2, lost - 1), await frontier.ReadAsync(0, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(lost - 1, (await frontier.ReadAsync(0, CancellationToken.None)).GapFree);
        Assert.Equal(0, frontier.GivenUp);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new JournalFront(lost + 2, lost + 2), await frontier.ReadAsync(0, CancellationToken.None));
        Assert.Equal(1, frontier.GivenUp);
    }

    [SkippableFact]
    public async Task Numbers_at_or_below_a_callers_offset_are_settled_and_not_waited_for()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var frontier = new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 4, "front-offset");
        await using var held = await writer.BeginAsync(Created(ids[0]), 1);
        await writer.WriteAsync(Created(ids[1]), 1);
        Assert.Equal(held.Ordering - 1, (await frontier.ReadAsync(0, CancellationToken.None)).GapFree);

        // A reader whose committed offset is past the held number: an earlier reader already passed it.
        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering + 1), await frontier.ReadAsync(held.Ordering, CancellationToken.None));
        // From then on for every reader; a write in flight after it holds the frontier again.
        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering + 1), await frontier.ReadAsync(0, CancellationToken.None));
        await using var later = await writer.BeginAsync(Created(ids[2]), 1);
        await writer.WriteAsync(Created(ids[3]), 1);
        Assert.Equal(new JournalFront(later.Ordering + 1, later.Ordering - 1), await frontier.ReadAsync(0, CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_offset_beyond_the_journals_end_does_not_hide_the_gaps_of_writes_to_come()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var frontier = new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 3, "front-beyond");
        await writer.WriteAsync(Created(ids[0]), 1);
        var end = (await frontier.ReadAsync(0, CancellationToken.None)).End;

        // An offset set by hand far ahead (a reset, a read model restored from a newer backup) …
        Assert.Equal(new JournalFront(end, end), await frontier.ReadAsync(end + 1000, CancellationToken.None));
        frontier.NoteSettled(end + 2000);

        // … counts for the journal as it is, not for the numbers its next writes take.
        await using var held = await writer.BeginAsync(Created(ids[1]), 1);
        await writer.WriteAsync(Created(ids[2]), 1);
        Assert.Equal(new JournalFront(held.Ordering + 1, held.Ordering - 1), await frontier.ReadAsync(0, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Readers_that_ask_while_a_check_runs_share_the_next_one()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var frontier = new JournalFrontier(journal, settings.Projections.GapWait, TimeProvider.System);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 2, "front-shared");
        await writer.WriteAsync(Created(ids[0]), 1);

        // The journal locked, so that the first check waits in the database until the others have asked.
        var dialect = SqlDialect.For(DatabaseProvider.PostgreSql);
        await using var locker = dialect.CreateConnection(dialect.PrepareConnectionString(settings.Database.ConnectionString));
        await locker.OpenAsync();
        await using var locking = await locker.BeginTransactionAsync();
        await using (var lockTable = locker.CreateCommand(locking, "LOCK TABLE journal IN ACCESS EXCLUSIVE MODE"))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var first = frontier.ReadAsync(0, CancellationToken.None);
        await Eventually.Holds(() =>
        {
            Assert.Equal(1, frontier.Checks);
            return Task.CompletedTask;
        });
        var others = Enumerable.Range(0, 10).Select(_ => frontier.ReadAsync(0, CancellationToken.None)).ToList();
        await locking.RollbackAsync();

        await first;
        var answers = await Task.WhenAll(others);
        // The first check began before they asked, so it answers none of them; the next one answers all ten.
        Assert.Equal(2, frontier.Checks);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        await writer.WriteAsync(Created(ids[1]), 1);
        Assert.True((await frontier.ReadAsync(0, CancellationToken.None)).End > answers[0].End);
        Assert.Equal(3, frontier.Checks);
    }

    [SkippableFact]
    public async Task A_jump_of_a_million_numbers_is_one_range_waited_for_and_given_up_whole()
    {
        var (writer, journal, settings, _) = await StartJournalAsync();
        var clock = new ManualClock(T0);
        var frontier = new JournalFrontier(journal, TimeSpan.FromSeconds(10), clock);
        var ids = OrderIdsIn(slice: 0, settings.Projections.Slices, count: 2, "front-jump");
        await writer.WriteAsync(Created(ids[0]), 1);
        var before = (await frontier.ReadAsync(0, CancellationToken.None)).End;

        // As an identity that jumped (SQL Server's after a restart), or a sequence moved on by hand.
        await Database.ExecuteOnJournalAsync($"SELECT setval(pg_get_serial_sequence('journal', 'ordering'), {before + 1_000_000})");
        await writer.WriteAsync(Created(ids[1]), 1);
        Assert.Equal(new JournalFront(before + 1_000_001, before), await frontier.ReadAsync(0, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new JournalFront(before + 1_000_001, before + 1_000_001), await frontier.ReadAsync(0, CancellationToken.None));
        Assert.Equal(1_000_000, frontier.GivenUp);
    }

    /// <summary>
    /// PostgreSQL lets writers commit out of order (SQLite has one writer at a time): an event committed behind a
    /// write still open must wait for it, or the read would pass its ordering number and never come back for it.
    /// </summary>
    [SkippableFact]
    public async Task An_event_behind_a_write_still_open_is_handed_over_only_after_it_in_order()
    {
        var (reader, writer, _, slices) = await StartAsync();
        var ids = OrderIdsIn(slice: 0, slices, count: 2, "gap");
        var batches = new List<IReadOnlyList<EventEnvelope>>();
        await using var held = await writer.BeginAsync(Created(ids[0]), 1);
        await writer.WriteAsync(Created(ids[1]), 1);

        var read = reader.ReadAsync(OrderTags.ForSlice(0), 0, limit: 100, batchSize: 10, Collect(batches), CancellationToken.None);
        // A dozen of the read's rechecks at their longest: a read that ignored the gap-free bound would have ended by now.
        await Task.Delay(SliceEventReader.GapRecheckLongest * 12);
        Assert.False(read.IsCompleted, "the read ended before the open write committed");
        Assert.Empty(batches);

        await held.CommitAsync();
        Assert.Equal(2, await read.WaitAsync(TimeSpan.FromSeconds(30)));
        var events = batches.SelectMany(batch => batch).ToList();
        Assert.Equal([held.Ordering, held.Ordering + 1], events.Select(Ordering));
        Assert.Equal(ids, events.Select(envelope => ((OrderCreated)envelope.Event).OrderId));
    }
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
