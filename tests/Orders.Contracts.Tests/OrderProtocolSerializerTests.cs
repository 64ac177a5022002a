using System.Text;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;

namespace Orders.Contracts.Tests;

/// <summary>The messages between nodes: every one round-trips under its own manifest, with no CLR type name on the wire.</summary>
public sealed class OrderProtocolSerializerTests
{
    private static readonly CommandMetadata Meta = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), "cmd-1", 3);

    public static TheoryData<object> EveryMessage() =>
    [
        new CreateOrder("o-1", "c-1", "EUR", [new OrderLine("A", 2, 9.99m)], Meta, SalesChannels.Mobile),
        new AddOrderLine("o-1", "B", 3, 0.01m, Meta),
        new RemoveOrderLine("o-1", "B", Meta),
        new PayOrder("o-1", "card", 19.98m, Meta, "ch_1"),
        new ShipOrder("o-1", "ups", "1Z", Meta),
        new DeliverOrder("o-1", Meta with { CommandId = null, ExpectedVersion = null }),
        new CancelOrder("o-1", "late", Meta),
        new GetOrderState("o-1"),
        new CommandAccepted("o-1", 4, Replayed: true),
        new CommandRejected("o-1", new Rejection(Rejection.AmountMismatch, "the payment of 1 does not equal the order total of 2")),
        new CommandFailed("o-1", "journal unavailable"),
        new CommandRefused("o-1", "2048 commands are already waiting for the journal on this node"),
        new SliceAdvanced(3),
        new SliceAdvanced(3, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "o-1", 4),
        new ProjectionControlRequested("order_summary", null),
        new ProjectionControlRequested("customer_orders", 7),
        new CancelOrder("o-1", "traced", Meta with { TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }),
        new PayOrder("o-1", "card", 2m, Meta with { ActingCustomer = "customer-7" }),
    ];

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void Every_message_between_nodes_round_trips_without_type_names(object message)
    {
        var serializer = new OrderProtocolSerializer(null!);

        var manifest = serializer.Manifest(message);
        var bytes = serializer.ToBinary(message);
        var read = serializer.FromBinary(bytes, manifest);

        Assert.Equal(Canonical(message), Canonical(read));
        Assert.Equal(message.GetType(), read.GetType());
        Assert.DoesNotContain("Orders.", Encoding.UTF8.GetString(bytes));
        Assert.Matches(@"^[a-z-]+\.v\d+$", manifest);
    }

    [Fact]
    public void Every_message_type_has_its_own_manifest()
    {
        Assert.Equal(ProtocolManifests.Current.Count, ProtocolManifests.Current.Values.Distinct().Count());
        Assert.Empty(ProtocolManifests.Current.Values.Intersect(EventManifests.Readable.Keys));
    }

    [Fact]
    public void A_customer_scoped_command_goes_under_a_manifest_that_an_earlier_release_refuses()
    {
        var serializer = new OrderProtocolSerializer(null!);
        var scoped = new PayOrder("o-1", "card", 2m, Meta with { ActingCustomer = "customer-7" });

        Assert.Equal("pay-order.v2", serializer.Manifest(scoped with { Metadata = Meta }));
        Assert.Equal("pay-order.v3", serializer.Manifest(scoped));
        Assert.Equal(ProtocolManifests.Current.Count + ProtocolManifests.Scoped.Count, ProtocolManifests.Readable.Count);
        Assert.All(ProtocolManifests.Scoped, pair => Assert.DoesNotContain(pair.Value, ProtocolManifests.Current.Values));
        Assert.Equal("customer-7", ((PayOrder)serializer.FromBinary(serializer.ToBinary(scoped), "pay-order.v3")).Metadata.ActingCustomer);
    }

    [Fact]
    public void An_unknown_message_fails_loudly()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => new OrderProtocolSerializer(null!).FromBinary("{}"u8.ToArray(), "teleport-order.v1"));
        Assert.Contains("teleport-order.v1", error.Message);
    }

    private static string Canonical(object message) =>
        System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), OrderEventSerializer.JsonOptions);
}
