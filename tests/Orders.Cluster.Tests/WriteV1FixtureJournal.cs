using Akka.Actor;
using Microsoft.Data.Sqlite;
using Orders.Cluster.Actors;
using Orders.Cluster.Sharding;
using Orders.Domain;
using Orders.Testing;

namespace Orders.Cluster.Tests;

/// <summary>
/// Run once with the v1 code (ORDERS_WRITE_V1_FIXTURE=path): writes tests/Orders.Testing/Fixtures/journal-v1.db.
/// Removed when v2 arrived; kept in history as the record of how the fixture was made.
/// </summary>
public sealed class WriteV1FixtureJournal
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Write()
    {
        var target = Environment.GetEnvironmentVariable("ORDERS_WRITE_V1_FIXTURE");
        Skip.If(target is null, "only run to produce the v1 fixture");
        using var database = new SqliteTestDatabase();
        using (var host = OrdersTestHost.Start(database.Settings(snapshotEvery: 3)))
        {
            var region = host.Registry.Get<OrderRegion>();
            var minute = 0;
            async Task Send(IOrderCommand command)
            {
                var result = await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30));
                Assert.IsType<CommandAccepted>(result);
            }

            CommandMetadata At(string orderId) => new(T0.AddMinutes(minute++), $"{orderId}-cmd-{minute}");

            // Delivered: every kind of line change, a payment, a shipment; snapshots at 3 and 6 (v1).
            await Send(new CreateOrder("v1-delivered", "ada", "EUR", [new OrderLine("A", 2, 12.50m), new OrderLine("B", 1, 5.00m)], At("v1-delivered")));
            await Send(new AddOrderLine("v1-delivered", "C", 3, 1.99m, At("v1-delivered")));
            await Send(new RemoveOrderLine("v1-delivered", "B", At("v1-delivered")));
            await Send(new PayOrder("v1-delivered", "card", 30.97m, At("v1-delivered")));
            await Send(new ShipOrder("v1-delivered", "dhl", "TRACK-1", At("v1-delivered")));
            await Send(new DeliverOrder("v1-delivered", At("v1-delivered")));

            // Pending: v2 code pays it later (time travel across the boundary).
            await Send(new CreateOrder("v1-pending", "bob", "USD", [new OrderLine("D", 5, 3.00m)], At("v1-pending")));
            await Send(new AddOrderLine("v1-pending", "E", 1, 10.00m, At("v1-pending")));

            // Shipped: its latest snapshot (at 3) is a v1 snapshot with nothing after it.
            await Send(new CreateOrder("v1-shipped", "ada", "EUR", [new OrderLine("A", 1, 12.50m)], At("v1-shipped")));
            await Send(new PayOrder("v1-shipped", "invoice", 12.50m, At("v1-shipped")));
            await Send(new ShipOrder("v1-shipped", "ups", "TRACK-2", At("v1-shipped")));

            // Cancelled after payment (refund due) and before it.
            await Send(new CreateOrder("v1-refunded", "carol", "EUR", [new OrderLine("F", 4, 2.25m)], At("v1-refunded")));
            await Send(new PayOrder("v1-refunded", "paypal", 9.00m, At("v1-refunded")));
            await Send(new CancelOrder("v1-refunded", "changed my mind", At("v1-refunded")));
            await Send(new CreateOrder("v1-cancelled", "bob", "USD", [new OrderLine("D", 1, 3.00m)], At("v1-cancelled")));
            await Send(new CancelOrder("v1-cancelled", "duplicate", At("v1-cancelled")));
        }

        SqliteConnection.ClearAllPools();
        File.Delete(target!);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO @target";
        command.Parameters.AddWithValue("@target", target);
        await command.ExecuteNonQueryAsync();
    }
}
