using System.Text.Json;
using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.Storage;
using Orders.Testing;
using Orders.WriteSide.Actors;

namespace Orders.WriteSide.Tests;

/// <summary>
/// Order actors of today's code over a journal written by the v1 code (tests/Orders.Testing/Fixtures/journal-v1.db):
/// they recover from v1 events and v1 snapshots, go on writing v2, and never rewrite what v1 stored.
/// </summary>
public abstract class V1JournalRecoveryTests : OrdersTestKit
{
    private static readonly string[] FixtureOrders = ["v1-delivered", "v1-pending", "v1-shipped", "v1-refunded", "v1-cancelled"];
    private static readonly DateTimeOffset Today = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly JournalReader _journal;

    protected V1JournalRecoveryTests(DatabaseProvider provider, ITestOutputHelper output)
        : base(provider, database => database.Settings(snapshotEvery: 3), output)
    {
        _journal = new JournalReader(Sys);
        FixtureJournal.V1.CopyIntoAsync(Sys, Database).GetAwaiter().GetResult();
    }

    [SkippableFact]
    public async Task Every_v1_order_recovers_to_the_fold_of_its_upcast_events()
    {
        foreach (var orderId in FixtureOrders)
        {
            var recovered = StateOf(Order(orderId));
            var replayed = OrderState.Replay((await _journal.EventsOfOrderAsync(orderId)).Select(e => (IOrderEvent)e.Event));

            Assert.Equal(Json(replayed), Json(recovered));
            Assert.Equal(SalesChannels.Web, recovered.SalesChannel);
        }

        var delivered = StateOf(Order("v1-delivered"));
        Assert.Equal((OrderStatus.Delivered, 6L, 30.97m, "card", (string?)null),
            (delivered.Status, delivered.Version, delivered.Total, delivered.PaymentMethod, delivered.PaymentReference));
        var refunded = StateOf(Order("v1-refunded"));
        Assert.Equal((OrderStatus.Cancelled, 9.00m, "paypal"), (refunded.Status, refunded.RefundDue, refunded.PaymentMethod));
    }

    [SkippableFact]
    public async Task An_order_whose_v1_events_were_deleted_after_its_v1_snapshot_recovers_from_the_snapshot_alone()
    {
        // Deleting events up to a snapshot is how Akka trims a journal; then only the v1 snapshot knows the order.
        await ExecuteOnJournalAsync("UPDATE journal SET deleted = @deleted WHERE persistence_id = 'order-v1-shipped'", ("@deleted", true));

        var state = StateOf(Order("v1-shipped"));

        Assert.Equal((OrderStatus.Shipped, 3L, SalesChannels.Web, "invoice", "ups", "TRACK-2"),
            (state.Status, state.Version, state.SalesChannel, state.PaymentMethod, state.Carrier, state.TrackingNumber));
        Assert.Equal([new OrderLine("A", 1, 12.50m)], state.Lines);
        Assert.True(state.AppliedCommands.TryGetVersion("v1-shipped-cmd-10", out var paidAt));
        Assert.Equal(2, paidAt);
    }

    [SkippableFact]
    public async Task New_events_and_snapshots_of_v1_orders_are_written_as_v2_and_v1_rows_stay_byte_for_byte()
    {
        var pending = Order("v1-pending");
        pending.Tell(new PayOrder("v1-pending", "card", 25.00m, new CommandMetadata(Today, "pay-now"), "ch_3Nf"));
        Assert.Equal(new CommandAccepted("v1-pending", 3, Replayed: false), ExpectMsg<CommandResult>());
        var shipped = Order("v1-shipped");
        shipped.Tell(new DeliverOrder("v1-shipped", new CommandMetadata(Today)));
        Assert.Equal(new CommandAccepted("v1-shipped", 4, Replayed: false), ExpectMsg<CommandResult>());
        // A retry of a command the v1 code applied gets its original outcome.
        shipped.Tell(new PayOrder("v1-shipped", "invoice", 12.50m, new CommandMetadata(Today, "v1-shipped-cmd-10")));
        Assert.Equal(new CommandAccepted("v1-shipped", 2, Replayed: true), ExpectMsg<CommandResult>());

        var rows = await RowsAsync(SqlDialect.For(Database.Provider).SelectJournalRows, firstColumn: 1);
        foreach (var stored in FixtureJournal.V1.Events())
        {
            var row = Assert.Single(rows, r => r.PersistenceId == stored.PersistenceId && r.SequenceNr == stored.SequenceNr);
            Assert.Equal(stored.Manifest, row.Manifest);
            Assert.Equal(stored.Payload, row.Payload);
        }

        Assert.Equal(EventManifests.OrderPaidV2, rows.Single(r => r is { PersistenceId: "order-v1-pending", SequenceNr: 3 }).Manifest);
        Assert.Equal(EventManifests.OrderDeliveredV1, rows.Single(r => r is { PersistenceId: "order-v1-shipped", SequenceNr: 4 }).Manifest);

        // The snapshot after the v2 payment (every 3 events) is a v2 snapshot; the v1 ones are still there.
        await AwaitAssertAsync(async () =>
        {
            var snapshots = await RowsAsync(SqlDialect.For(Database.Provider).SelectSnapshotRows, firstColumn: 0);
            Assert.Equal(EventManifests.OrderSnapshotV2, snapshots.Single(r => r is { PersistenceId: "order-v1-pending", SequenceNr: 3 }).Manifest);
            Assert.Equal(EventManifests.OrderSnapshotV1, snapshots.Single(r => r is { PersistenceId: "order-v1-refunded", SequenceNr: 3 }).Manifest);
        });

        // Recovered again, from the v2 snapshot, it is the same order.
        var before = StateOf(pending);
        StopAndWait(pending);
        var again = StateOf(Order("v1-pending"));
        Assert.Equal(Json(before), Json(again));
        Assert.Equal((OrderStatus.Paid, "card", "ch_3Nf", SalesChannels.Web), (again.Status, again.PaymentMethod, again.PaymentReference, again.SalesChannel));
    }

    private IActorRef Order(string orderId) => Sys.ActorOf(OrderActor.Props(orderId, snapshotEvery: 3, slices: 4));

    private static string Json(OrderState state) => JsonSerializer.Serialize(state, OrderEventSerializer.JsonOptions);

    /// <summary>
    /// Journal or snapshot rows as stored: persistence id, sequence number, manifest, payload — read by the queries
    /// `verify journal` runs (journal rows start with the ordering; both have the serializer id before the manifest).
    /// </summary>
    private async Task<List<(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload)>> RowsAsync(string sql, int firstColumn)
    {
        var dialect = SqlDialect.For(Database.Provider);
        await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(Database.ConnectionString));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand(null, sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, string, byte[])>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(firstColumn), Convert.ToInt64(reader.GetValue(firstColumn + 1)),
                reader.GetString(firstColumn + 3), (byte[])reader.GetValue(firstColumn + 4)));
        }

        return rows;
    }

    private async Task ExecuteOnJournalAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var dialect = SqlDialect.For(Database.Provider);
        await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(Database.ConnectionString));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand(null, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class V1JournalRecoveryTestsOnSqlite(ITestOutputHelper output) : V1JournalRecoveryTests(DatabaseProvider.Sqlite, output);

public sealed class V1JournalRecoveryTestsOnPostgreSql(ITestOutputHelper output) : V1JournalRecoveryTests(DatabaseProvider.PostgreSql, output);
