using Akka.Persistence.Query;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Testing;

namespace Orders.Projections.Tests;

/// <summary>
/// A committer keeps the order states it committed, and may be wrong about them: another node (a worker that took
/// the slice over, a rebuild) committed the same orders since. Its commits must still apply every event exactly once.
/// customer_orders adds what it applies, so an event applied twice would show in its totals.
/// </summary>
public abstract class OrderStateCacheTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database;
    private readonly ReadModelStore _store;
    private readonly ProjectionOffsets _offsets;
    private readonly CustomerOrdersProjection _projection;
    private readonly CustomerOrdersReader _reader;

    protected OrderStateCacheTests(DatabaseProvider provider)
    {
        _database = TestDatabases.Create(provider);
        _store = ReadModelStore.For(_database.Settings().Database);
        _offsets = new ProjectionOffsets(_store, TimeProvider.System);
        _projection = new CustomerOrdersProjection(_store.Sql);
        _reader = new CustomerOrdersReader(_store);
    }

    public async Task InitializeAsync()
    {
        await _store.MigrateAsync();
        await _offsets.LoadAsync(_projection.Name, 0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [SkippableFact]
    public async Task A_stale_cached_state_never_applies_an_event_twice()
    {
        var here = new ProjectionCommitter(_store, _offsets);
        var elsewhere = new ProjectionCommitter(_store, _offsets);
        var created = Envelope(1, 1, new OrderCreated("o-1", "c-1", "USD", [new OrderLine("A", 1, 10m)], T0));
        var paid = Envelope(2, 2, new OrderPaid("o-1", new Payment("card"), 10m, T0.AddMinutes(1)));
        Assert.Equal(1, (await here.CommitAsync(_projection, 0, [created])).Applied); // cached here at version 1

        Assert.Equal(1, (await elsewhere.CommitAsync(_projection, 0, [paid])).Applied); // stored at version 2

        // Here, the cache still says version 1, so the payment looks new: its state write finds version 2 stored,
        // the commit rolls back, and the retry with the stored state sees a duplicate.
        var again = await here.CommitAsync(_projection, 0, [paid], advanceOffset: false);
        Assert.Equal((0, 1), (again.Applied, again.Duplicates));
        Assert.Equal(new CustomerOrdersRow("c-1", 1, 1, 10m, T0), await _reader.FindAsync("c-1"));
    }

    [SkippableFact]
    public async Task A_cached_state_behind_the_table_does_not_hold_the_next_event_back()
    {
        var here = new ProjectionCommitter(_store, _offsets);
        var elsewhere = new ProjectionCommitter(_store, _offsets);
        Assert.Equal(1, (await here.CommitAsync(_projection, 0,
            [Envelope(1, 1, new OrderCreated("o-2", "c-2", "USD", [new OrderLine("A", 2, 5m)], T0))])).Applied);
        Assert.Equal(1, (await elsewhere.CommitAsync(_projection, 0,
            [Envelope(2, 2, new OrderPaid("o-2", new Payment("card"), 10m, T0.AddMinutes(1)))])).Applied);

        // Event 3 is the stored state's next one; the cache (version 1) would call it early and defer it.
        var delivered = await here.CommitAsync(_projection, 0, [Envelope(3, 3, new OrderDelivered("o-2", T0.AddDays(1)))]);
        Assert.Equal(1, delivered.Applied);
        Assert.Equal(new CustomerOrdersRow("c-2", 1, 0, 10m, T0), await _reader.FindAsync("c-2"));
    }

    [SkippableFact]
    public async Task A_commit_that_fails_leaves_nothing_cached_that_did_not_land()
    {
        var here = new ProjectionCommitter(_store, _offsets);
        await here.CommitAsync(_projection, 0, [Envelope(1, 1, new OrderCreated("o-3", "c-3", "USD", [new OrderLine("A", 1, 4m)], T0))]);
        var paid = Envelope(2, 2, new OrderPaid("o-3", new Payment("card"), 4m, T0.AddMinutes(1)));

        // Paused: the offset's update changes no row, so the commit rolls back and its states are not cached.
        await new ProjectionStatusStore(_store, TimeProvider.System).EnsureAsync(_projection.Name, 0);
        await new ProjectionStatusStore(_store, TimeProvider.System).RequestAsync(_projection.Name, 0, ProjectionState.Paused);
        Assert.Equal(new CommitResult(0, 0, 0, 0), await here.CommitAsync(_projection, 0, [paid]));
        Assert.Equal(new CustomerOrdersRow("c-3", 1, 1, 0m, T0), await _reader.FindAsync("c-3"));
        Assert.Equal(1, await _offsets.LoadAsync(_projection.Name, 0));

        await new ProjectionStatusStore(_store, TimeProvider.System).RequestAsync(_projection.Name, 0, ProjectionState.Running);
        Assert.Equal(1, (await here.CommitAsync(_projection, 0, [paid])).Applied);
        Assert.Equal(new CustomerOrdersRow("c-3", 1, 1, 4m, T0), await _reader.FindAsync("c-3"));
        Assert.Equal(2, await _offsets.LoadAsync(_projection.Name, 0));
    }

    [SkippableFact]
    public async Task Forgotten_states_are_loaded_again_after_the_tables_were_emptied_behind_the_cache()
    {
        var here = new ProjectionCommitter(_store, _offsets);
        var created = Envelope(1, 1, new OrderCreated("o-4", "c-4", "USD", [new OrderLine("A", 1, 4m)], T0));
        Assert.Equal(1, (await here.CommitAsync(_projection, 0, [created])).Applied);

        // What a rebuild's preparation does to its shadow: the rows and the order states go, the offset starts again.
        await _store.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var sql in new[] { "DELETE FROM customer_orders", "DELETE FROM projection_order_state" })
            {
                await using var command = connection.CreateCommand(transaction, sql);
                await command.ExecuteNonQueryAsync();
            }

            return 0;
        });
        await _offsets.SetAsync(_projection.Name, 0, 0);

        here.Forget(_projection.Name, 0);
        Assert.Equal(1, (await here.CommitAsync(_projection, 0, [created])).Applied);
        Assert.Equal(new CustomerOrdersRow("c-4", 1, 1, 0m, T0), await _reader.FindAsync("c-4"));
    }

    private static EventEnvelope Envelope(long offset, long sequenceNr, IOrderEvent @event) =>
        new(Offset.Sequence(offset), "order-" + @event.OrderId, sequenceNr, @event, @event.Timestamp.ToUnixTimeMilliseconds(), ["orders-slice-0"]);
}

public sealed class OrderStateCacheTestsOnSqlite() : OrderStateCacheTests(DatabaseProvider.Sqlite);

public sealed class OrderStateCacheTestsOnPostgreSql() : OrderStateCacheTests(DatabaseProvider.PostgreSql);
