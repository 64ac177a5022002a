using System.Text;
using Orders.Contracts.Serialization;
using Orders.Domain;

namespace Orders.Contracts.Tests;

public sealed class OrderEventSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<IOrderEvent, string> EveryEvent() => new()
    {
        { new OrderCreated("o-1", "c-1", "USD", [new OrderLine("A", 2, 9.99m)], T0, "cmd-1", SalesChannels.Mobile), "order-created.v2" },
        { new OrderLineAdded("o-1", "B", 3, 0.01m, T0), "order-line-added.v1" },
        { new OrderLineRemoved("o-1", "B", T0, "cmd-3"), "order-line-removed.v1" },
        { new OrderPaid("o-1", new Payment("card", "ch_3Nf"), 19.98m, T0), "order-paid.v2" },
        { new OrderPaid("o-1", new Payment("invoice"), 19.98m, T0), "order-paid.v2" },
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
            new OrderCreated("o-1", "c-1", "USD", [new OrderLine("A", 2, 9.99m)], T0, "cmd-1", SalesChannels.Store),
            new OrderPaid("o-1", new Payment("card", "ch_1"), 19.98m, T0.AddMinutes(1), "cmd-2"),
        ]);
        var serializer = new OrderEventSerializer(null!);

        var read = (OrderState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));

        Assert.Equal(EventManifests.OrderSnapshotV2, serializer.Manifest(state));
        Assert.Equal((state.Version, state.Status, state.AmountPaid, state.PaidAt), (read.Version, read.Status, read.AmountPaid, read.PaidAt));
        Assert.Equal((SalesChannels.Store, "card", "ch_1"), (read.SalesChannel, read.PaymentMethod, read.PaymentReference));
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
    public void The_v2_payload_shapes_are_fixed()
    {
        // Stored data is a contract: this is what the v2 serializer writes, byte for byte.
        var serializer = new OrderEventSerializer(null!);
        Assert.Equal(
            """{"orderId":"o-1","payment":{"method":"card","reference":"ch_1"},"amount":19.90,"timestamp":"2026-11-27T09:00:00+00:00","commandId":"cmd-2"}""",
            Encoding.UTF8.GetString(serializer.ToBinary(new OrderPaid("o-1", new Payment("card", "ch_1"), 19.90m, T0, "cmd-2"))));
        Assert.Equal(
            """{"orderId":"o-1","customerId":"c-1","currency":"EUR","lines":[{"sku":"A","quantity":1,"unitPrice":2.50}],"timestamp":"2026-11-27T09:00:00+00:00","commandId":null,"salesChannel":"phone"}""",
            Encoding.UTF8.GetString(serializer.ToBinary(new OrderCreated("o-1", "c-1", "EUR", [new OrderLine("A", 1, 2.50m)], T0, null, SalesChannels.Phone))));
    }

    // The payloads below are copied from tests/Orders.Testing/Fixtures/journal-v1.db, written by the v1 code.

    [Fact]
    public void A_v1_order_created_is_upcast_to_the_web_channel()
    {
        var read = OrderEventSerializer.Deserialize(
            """{"orderId":"v1-delivered","customerId":"ada","currency":"EUR","lines":[{"sku":"A","quantity":2,"unitPrice":12.50},{"sku":"B","quantity":1,"unitPrice":5.00}],"timestamp":"2026-03-02T10:00:00+00:00","commandId":"v1-delivered-cmd-1"}"""u8,
            EventManifests.OrderCreatedV1);

        var created = Assert.IsType<OrderCreated>(read);
        Assert.Equal(("v1-delivered", "ada", "EUR", SalesChannels.Web, "v1-delivered-cmd-1"),
            (created.OrderId, created.CustomerId, created.Currency, created.SalesChannel, created.CommandId));
        Assert.Equal([new OrderLine("A", 2, 12.50m), new OrderLine("B", 1, 5.00m)], created.Lines);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), created.Timestamp);
    }

    [Fact]
    public void A_v1_order_paid_is_upcast_to_a_payment_without_a_reference()
    {
        var read = OrderEventSerializer.Deserialize(
            """{"orderId":"v1-delivered","paymentMethod":"card","amount":30.97,"timestamp":"2026-03-02T10:03:00+00:00","commandId":"v1-delivered-cmd-4"}"""u8,
            EventManifests.OrderPaidV1);

        var paid = Assert.IsType<OrderPaid>(read);
        Assert.Equal(new Payment("card", null), paid.Payment);
        Assert.Equal((30.97m, "v1-delivered-cmd-4"), (paid.Amount, paid.CommandId));
    }

    [Fact]
    public void A_v1_snapshot_is_upcast_to_the_web_channel_and_keeps_everything_else()
    {
        var read = OrderEventSerializer.Deserialize(
            """{"orderId":"v1-delivered","customerId":"ada","currency":"EUR","status":"delivered","lines":[{"sku":"A","quantity":2,"unitPrice":12.50},{"sku":"C","quantity":3,"unitPrice":1.99}],"version":6,"createdAt":"2026-03-02T10:00:00+00:00","paidAt":"2026-03-02T10:03:00+00:00","shippedAt":"2026-03-02T10:04:00+00:00","deliveredAt":"2026-03-02T10:05:00+00:00","cancelledAt":null,"updatedAt":"2026-03-02T10:05:00+00:00","paymentMethod":"card","amountPaid":30.97,"carrier":"dhl","trackingNumber":"TRACK-1","cancellationReason":null,"refundDue":null,"appliedCommands":[["v1-delivered-cmd-1",1],["v1-delivered-cmd-2",2],["v1-delivered-cmd-3",3],["v1-delivered-cmd-4",4],["v1-delivered-cmd-5",5],["v1-delivered-cmd-6",6]]}"""u8,
            EventManifests.OrderSnapshotV1);

        var state = Assert.IsType<OrderState>(read);
        Assert.Equal((SalesChannels.Web, "card", (string?)null), (state.SalesChannel, state.PaymentMethod, state.PaymentReference));
        Assert.Equal((OrderStatus.Delivered, 6L, 30.97m, "TRACK-1"), (state.Status, state.Version, state.AmountPaid, state.TrackingNumber));
        Assert.True(state.AppliedCommands.TryGetVersion("v1-delivered-cmd-4", out var version));
        Assert.Equal(4, version);
    }

    [Fact]
    public void Every_manifest_written_today_or_ever_is_readable()
    {
        string[] everWritten =
        [
            "order-created.v1", "order-created.v2", "order-line-added.v1", "order-line-removed.v1", "order-paid.v1",
            "order-paid.v2", "order-shipped.v1", "order-delivered.v1", "order-cancelled.v1", "order-snapshot.v1", "order-snapshot.v2",
        ];

        Assert.Equal(everWritten.Order(), EventManifests.Readable.Keys.Order());
        Assert.All(EventManifests.Current.Values, manifest => Assert.Contains(manifest, everWritten));
    }

    private static string Canonical(IOrderEvent @event) =>
        System.Text.Json.JsonSerializer.Serialize(@event, @event.GetType(), OrderEventSerializer.JsonOptions);
}
