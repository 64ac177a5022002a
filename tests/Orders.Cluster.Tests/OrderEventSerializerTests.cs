using System.Text;
using Orders.Cluster.Serialization;
using Orders.Domain;

namespace Orders.Cluster.Tests;

public sealed class OrderEventSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<IOrderEvent, string> EveryEvent() => new()
    {
        { new OrderCreated("o-1", "c-1", "USD", [new OrderLine("A", 2, 9.99m)], T0, "cmd-1"), "order-created.v1" },
        { new OrderLineAdded("o-1", "B", 3, 0.01m, T0), "order-line-added.v1" },
        { new OrderLineRemoved("o-1", "B", T0, "cmd-3"), "order-line-removed.v1" },
        { new OrderPaid("o-1", "card", 19.98m, T0), "order-paid.v1" },
        { new OrderShipped("o-1", "ups", "1Z999", T0), "order-shipped.v1" },
        { new OrderDelivered("o-1", T0), "order-delivered.v1" },
        { new OrderCancelled("o-1", "late", 19.98m, T0), "order-cancelled.v1" },
    };

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void Every_event_has_a_stable_manifest_and_round_trips(IOrderEvent @event, string manifest)
    {
        var serializer = new OrderEventSerializer(null!);
        Assert.Equal(manifest, serializer.Manifest(@event));

        var bytes = serializer.ToBinary(@event);
        var read = (IOrderEvent)serializer.FromBinary(bytes, manifest);

        Assert.Equal(Canonical(@event), Canonical(read));
        var json = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("Orders.Domain", json);
        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("lineTotal", json);
    }

    [Fact]
    public void A_snapshot_keeps_the_whole_state_including_recent_command_ids()
    {
        var state = OrderState.Replay(
        [
            new OrderCreated("o-1", "c-1", "USD", [new OrderLine("A", 2, 9.99m)], T0, "cmd-1"),
            new OrderPaid("o-1", "card", 19.98m, T0.AddMinutes(1), "cmd-2"),
        ]);
        var serializer = new OrderEventSerializer(null!);

        var read = (OrderState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));

        Assert.Equal(EventManifests.OrderSnapshotV1, serializer.Manifest(state));
        Assert.Equal((state.Version, state.Status, state.AmountPaid, state.PaidAt), (read.Version, read.Status, read.AmountPaid, read.PaidAt));
        Assert.Equal(state.Lines, read.Lines);
        Assert.Equal(state.AppliedCommands.Entries, read.AppliedCommands.Entries);
    }

    [Fact]
    public void An_unknown_manifest_fails_loudly()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => OrderEventSerializer.Deserialize("{}"u8, "order-teleported.v1"));
        Assert.Contains("order-teleported.v1", error.Message);
    }

    [Fact]
    public void The_v1_payload_shape_is_fixed()
    {
        // Stored data is a contract: this is what the v1 serializer writes, byte for byte.
        var bytes = new OrderEventSerializer(null!).ToBinary(new OrderPaid("o-1", "card", 19.90m, T0, "cmd-2"));
        Assert.Equal(
            """{"orderId":"o-1","paymentMethod":"card","amount":19.90,"timestamp":"2026-11-27T09:00:00+00:00","commandId":"cmd-2"}""",
            Encoding.UTF8.GetString(bytes));
    }

    private static string Canonical(IOrderEvent @event) =>
        System.Text.Json.JsonSerializer.Serialize(@event, @event.GetType(), OrderEventSerializer.JsonOptions);
}
