using System.Data.Common;
using Akka.Persistence.Query;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Projections.OrderSummary;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>The order_summary projection's commit against a real read database, one batch at a time.</summary>
public abstract class OrderSummaryProjectionTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database;
    private readonly ReadModelStore _store;
    private readonly ProjectionOffsets _offsets;
    private readonly OrderSummaryProjection _projection;
    private readonly OrderSummaryReader _reader;

    protected OrderSummaryProjectionTests(DatabaseProvider provider)
    {
        _database = TestDatabases.Create(provider);
        _store = ReadModelStore.For(_database.Settings().Database);
        _offsets = new ProjectionOffsets(_store, TimeProvider.System);
        _projection = new OrderSummaryProjection(_store.Sql);
        _reader = new OrderSummaryReader(_store);
    }

    public async Task InitializeAsync()
    {
        await _store.MigrateAsync();
        Assert.Equal(0, await _offsets.LoadAsync(OrderSummaryProjection.ProjectionName, 0));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task A_batch_writes_the_summary_the_lines_and_the_offset()
    {
        await CommitAsync(Committer(),
            Envelope(10, 1, new OrderCreated("o-1", "c-1", "EUR", [new OrderLine("A", 2, 9.99m)], T0, SalesChannel: SalesChannels.Mobile)),
            Envelope(11, 2, new OrderLineAdded("o-1", "B", 1, 0.02m, T0.AddMinutes(1))),
            Envelope(14, 3, new OrderPaid("o-1", new Payment("card", "psp-4711"), 20m, T0.AddMinutes(2))));

        var view = await _reader.FindAsync("o-1");
        Assert.NotNull(view);
        Assert.Equal(
            new OrderSummaryRow("o-1", "c-1", "paid", 2, 20.00m, "EUR", T0, T0.AddMinutes(2), null, null, null, 3, T0.AddMinutes(2),
                SalesChannels.Mobile, "psp-4711"),
            view.Summary);
        Assert.Equal(
            [new OrderLineRow("o-1", "A", 2, 9.99m, 19.98m), new OrderLineRow("o-1", "B", 1, 0.02m, 0.02m)],
            view.Lines);
        Assert.Equal(14, await _offsets.LoadAsync(OrderSummaryProjection.ProjectionName, 0));
    }

    [SkippableFact]
    public async Task Replaying_events_already_applied_changes_nothing()
    {
        var created = Envelope(1, 1, new OrderCreated("o-2", "c-1", "USD", [new OrderLine("A", 1, 5m)], T0));
        var added = Envelope(2, 2, new OrderLineAdded("o-2", "B", 1, 5m, T0.AddMinutes(1)));
        await CommitAsync(Committer(), created, added);
        var before = await _reader.FindAsync("o-2");

        await CommitAsync(Committer(), created, added);

        var after = await _reader.FindAsync("o-2");
        Assert.Equal(before!.Summary, after!.Summary);
        Assert.Equal(before.Lines, after.Lines);
        Assert.Equal(10m, after.Summary.TotalAmount);
    }

    [SkippableFact]
    public async Task A_failure_before_commit_leaves_neither_rows_nor_offset()
    {
        var failing = new ProjectionCommitter(_store, _offsets);
        var crashing = new CrashAfterApply(_projection);

        await Assert.ThrowsAnyAsync<DbException>(() => failing.CommitAsync(crashing, 0,
            [Envelope(5, 1, new OrderCreated("o-3", "c-1", "USD", [], T0))]));

        Assert.Null(await _reader.FindAsync("o-3"));
        Assert.Equal(0, await _offsets.LoadAsync(OrderSummaryProjection.ProjectionName, 0));
    }

    [SkippableFact]
    public async Task An_event_ahead_of_the_next_version_waits_for_the_missing_one_and_then_both_apply()
    {
        await CommitAsync(Committer(), Envelope(1, 1, new OrderCreated("o-4", "c-1", "USD", [new OrderLine("A", 1, 1m)], T0)));

        var early = await CommitAsync(Committer(), Envelope(7, 3, new OrderCancelled("o-4", "why", 0m, T0.AddMinutes(2))));

        Assert.Equal((0, 1), (early.Applied, early.Deferred));
        Assert.Equal(1, (await _reader.FindAsync("o-4"))!.Summary.Version);
        Assert.Equal(7, await _offsets.LoadAsync(OrderSummaryProjection.ProjectionName, 0));

        // What backtracking does: re-read the window behind the offset, which now holds the late event.
        var late = await Committer().CommitAsync(_projection, 0,
        [
            Envelope(5, 2, new OrderLineAdded("o-4", "B", 1, 2m, T0.AddMinutes(1))),
            Envelope(7, 3, new OrderCancelled("o-4", "why", 0m, T0.AddMinutes(2))),
        ], advanceOffset: false);

        Assert.Equal(2, late.Applied);
        var summary = (await _reader.FindAsync("o-4"))!.Summary;
        Assert.Equal(("cancelled", 3L, 3m), (summary.Status, summary.Version, summary.TotalAmount));
        Assert.Equal(7, await _offsets.LoadAsync(OrderSummaryProjection.ProjectionName, 0));
    }

    [SkippableFact]
    public async Task Removing_a_line_and_cancelling_update_counts_totals_and_timestamps()
    {
        await CommitAsync(Committer(),
            Envelope(1, 1, new OrderCreated("o-5", "c-9", "USD", [new OrderLine("A", 1, 5m), new OrderLine("B", 2, 1.25m)], T0)),
            Envelope(2, 2, new OrderLineRemoved("o-5", "A", T0.AddMinutes(1))),
            Envelope(3, 3, new OrderCancelled("o-5", "why", 0m, T0.AddMinutes(2))));

        var summary = (await _reader.FindAsync("o-5"))!.Summary;
        Assert.Equal(("cancelled", 1, 2.50m, T0.AddMinutes(2), 3L), (summary.Status, summary.LineCount, summary.TotalAmount, summary.CancelledAt, summary.Version));
    }

    private ProjectionCommitter Committer() => new(_store, _offsets);

    private Task<CommitResult> CommitAsync(ProjectionCommitter committer, params EventEnvelope[] batch) =>
        committer.CommitAsync(_projection, 0, batch);

    private static EventEnvelope Envelope(long offset, long sequenceNr, IOrderEvent @event) =>
        new(Offset.Sequence(offset), "order-" + @event.OrderId, sequenceNr, @event, @event.Timestamp.ToUnixTimeMilliseconds(), ["orders-slice-0"]);

    /// <summary>Writes the batch, then fails before the transaction commits: a crash between the two.</summary>
    private sealed class CrashAfterApply(IProjection inner) : IProjection
    {
        public string Name => inner.Name;

        public IReadOnlyList<Orders.Projections.Schema.ReadTable> Tables => inner.Tables;

        public IProjectionBatch StartBatch() => new Batch(inner.StartBatch());

        private sealed class Batch(IProjectionBatch inner) : IProjectionBatch
        {
            public void Add(OrderChange change) => inner.Add(change);

            public void Write(StatementBatch statements)
            {
                inner.Write(statements);
                // Fails when it runs, after the projection's own statements: inside the commit, before it lands.
                statements.Add("SELECT no_such_column FROM no_such_table");
            }
        }
    }
}

public sealed class OrderSummaryProjectionTestsOnSqlite() : OrderSummaryProjectionTests(DatabaseProvider.Sqlite);

public sealed class OrderSummaryProjectionTestsOnPostgreSql() : OrderSummaryProjectionTests(DatabaseProvider.PostgreSql);
