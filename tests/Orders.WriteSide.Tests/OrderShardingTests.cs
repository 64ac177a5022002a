using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.WriteSide.Tests;

/// <summary>Commands routed by order id through the shard region of a one-node cluster.</summary>
public abstract class OrderShardingTests : OrdersTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    protected OrderShardingTests(DatabaseProvider provider, ITestOutputHelper output)
        : base(provider, database => database.Settings(), output)
    {
    }

    [SkippableFact]
    public async Task Each_order_id_reaches_its_own_actor_and_its_events_carry_their_slice_tag()
    {
        var region = Host.Registry.Get<OrderRegion>();
        string[] orderIds = ["alpha", "beta", "gamma", "delta", "epsilon"];

        foreach (var orderId in orderIds)
        {
            region.Tell(new CreateOrder(orderId, $"customer-of-{orderId}", "EUR", [new OrderLine("A", 1, 1m)], new CommandMetadata(T0)));
            Assert.Equal(new CommandAccepted(orderId, 1, Replayed: false),
                ExpectMsg<CommandResult>(TimeSpan.FromSeconds(15)));
        }

        region.Tell(new PayOrder("gamma", "card", 1m, new CommandMetadata(T0.AddMinutes(1))));
        Assert.Equal(new CommandAccepted("gamma", 2, Replayed: false), ExpectMsg<CommandResult>());

        foreach (var orderId in orderIds)
        {
            region.Tell(new GetOrderState(orderId));
            var state = ExpectMsg<OrderState>();
            Assert.Equal(orderId, state.OrderId);
            Assert.Equal($"customer-of-{orderId}", state.CustomerId);
            Assert.Equal(orderId == "gamma" ? OrderStatus.Paid : OrderStatus.Pending, state.Status);
        }

        var journal = new JournalReader(Sys);
        var slices = Database.Settings().Projections.Slices;
        for (var slice = 0; slice < slices; slice++)
        {
            foreach (var envelope in await journal.EventsOfSliceAsync(slice))
            {
                Assert.Equal(slice, OrderTags.SliceOf(((IOrderEvent)envelope.Event).OrderId, slices));
            }
        }

        Assert.Equal(orderIds.Length + 1, (await journal.AllOrderEventsAsync(slices)).Count);
    }

    [SkippableFact]
    public void A_command_for_a_missing_order_is_rejected_through_the_region()
    {
        var region = Host.Registry.Get<OrderRegion>();
        region.Tell(new DeliverOrder("nobody", new CommandMetadata(T0)));
        var rejected = ExpectMsg<CommandRejected>(TimeSpan.FromSeconds(15));
        Assert.Equal(Rejection.NotFound, rejected.Rejection.Code);
    }

    [SkippableFact]
    public void Messages_between_nodes_use_the_orders_serializers_never_the_default_one()
    {
        var serialization = Sys.Serialization;
        object[] messages =
        [
            new CreateOrder("o", "c", "EUR", [], new CommandMetadata(T0)), new GetOrderState("o"),
            new CommandAccepted("o", 1, false), new CommandRejected("o", new Rejection("validation", "no")),
            new CommandFailed("o", "down"), new CommandRefused("o", "busy"), new SliceAdvanced(1),
            new ProjectionControlRequested("order_summary", 2),
        ];
        foreach (var message in messages)
        {
            Assert.Equal(Contracts.Serialization.OrderProtocolSerializer.SerializerId, serialization.FindSerializerFor(message).Identifier);
        }

        Assert.Equal(Contracts.Serialization.OrderEventSerializer.SerializerId, serialization.FindSerializerFor(OrderState.Empty).Identifier);
    }
}

public sealed class OrderShardingTestsOnSqlite(ITestOutputHelper output) : OrderShardingTests(DatabaseProvider.Sqlite, output);

public sealed class OrderShardingTestsOnPostgreSql(ITestOutputHelper output) : OrderShardingTests(DatabaseProvider.PostgreSql, output);
