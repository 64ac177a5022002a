using Orders.Cluster.Configuration;

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
