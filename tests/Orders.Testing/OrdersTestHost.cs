using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Contracts.Configuration;
using Orders.Projections.Hosting;
using Orders.Projections.Storage;
using Orders.WriteSide.Hosting;

namespace Orders.Testing;

/// <summary>
/// A generic host running the production Akka.Hosting composition (plus the TestKit's configuration), so that
/// actor tests exercise the real serializer, tagging, journal and sharding set-up.
/// </summary>
public sealed class OrdersTestHost : IDisposable
{
    private readonly IHost _host;

    private OrdersTestHost(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public static OrdersTestHost Start(OrdersSettings settings, bool withProjections = false)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(OrdersClusterHostingExtensions.ActorSystemName, (akka, _) =>
            {
                akka.AddOrdersCluster(settings);
                if (withProjections)
                {
                    var store = ReadModelStore.For(settings.Database);
                    akka.AddOrdersProjections(settings, store, TimeProvider.System, store.MigrateAsync());
                }

                // A first persist through a new journal can take seconds on a busy CI machine: wait up to 15 s by default.
                akka.AddHocon("akka.test.single-expect-default = 15s", HoconAddMode.Prepend);
                akka.AddHocon(Akka.TestKit.Xunit2.TestKit.DefaultConfig, HoconAddMode.Append);
            }))
            .Build();
        host.Start();
        return new OrdersTestHost(host);
    }

    public void Dispose()
    {
        _host.StopAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _host.Dispose();
    }
}
