using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Domain;

namespace Orders.Testing;

/// <summary>
/// Akka.TestKit over an actor system built by the production composition (<see cref="OrdersTestHost"/>) on a test
/// database of its own; both are disposed with the test.
/// </summary>
public abstract class OrdersTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected OrdersTestKit(DatabaseProvider provider, Func<TestDatabase, OrdersSettings> settings, ITestOutputHelper output)
        : this(TestDatabases.Create(provider), settings, output)
    {
    }

    private OrdersTestKit(TestDatabase database, Func<TestDatabase, OrdersSettings> settings, ITestOutputHelper output)
        : this(database, OrdersTestHost.Start(settings(database)), output)
    {
    }

    private OrdersTestKit(TestDatabase database, OrdersTestHost host, ITestOutputHelper output)
        : base(host.System, output)
    {
        Database = database;
        Host = host;
    }

    protected TestDatabase Database { get; }

    protected OrdersTestHost Host { get; }

    /// <summary>The order's state, asked of its actor.</summary>
    protected OrderState StateOf(IActorRef order)
    {
        order.Tell(new GetOrderState(OrderPersistenceId.ToOrderId(order.Path.Name) ?? order.Path.Name));
        return ExpectMsg<OrderState>();
    }

    protected void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Host.Dispose();
            Database.Dispose();
        }
    }
}
