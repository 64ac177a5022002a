using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Orders.Benchmarks.Workload;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.WriteSide.Hosting;

namespace Orders.Benchmarks.Targets;

/// <summary>
/// The framework's own ceiling: one minimal persistent actor per order on Akka.Persistence.Sql, with the service's
/// journal settings, tagging adapter, serializer and payloads — and no domain, no sharding, no HTTP and no
/// projections. Orders' write rate against this is what its own code costs. The journal and snapshot store are the
/// plugin's own classes, not the service's (Orders.Contracts/Database/Plugins), so this stays the plugin as shipped.
/// </summary>
public sealed class BareAkkaPersistenceTarget : ICommandTarget, IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly IHost _host;
    private readonly IActorRef _orders;

    private BareAkkaPersistenceTarget(IHost host, IActorRef orders)
    {
        _host = host;
        _orders = orders;
    }

    private const string StockPlugins = """
        akka.persistence.journal.sql.class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
        akka.persistence.snapshot-store.sql.class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
        """;

    public string Name => "bare-akka-persistence-sql";

    public bool HasReadSide => false;

    public static async Task<BareAkkaPersistenceTarget> StartAsync(DatabaseSettings database, int slices)
    {
        // The plugin as shipped runs on Npgsql's defaults: nothing prepared (the service prepares its statements).
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            database = new DatabaseSettings
            {
                Provider = database.Provider,
                ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString,
                ReadModelConnectionString = database.ReadModelConnectionString,
                MigrateOnStart = database.MigrateOnStart,
                CircuitBreaker = database.CircuitBreaker,
            };
        }

        var settings = new OrdersSettings { Database = database, Projections = { Slices = slices } };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("bare", akka => akka
            .WithOrdersSerialization()
            .WithOrdersJournal(settings)
            .AddHocon(StockPlugins, HoconAddMode.Prepend)
            .WithActors((system, registry) => registry.Register<BareOrders>(system.ActorOf(Props.Create(() => new BareOrders()), "orders"))));
        var host = builder.Build();
        await host.StartAsync();
        var journalClass = host.Services.GetRequiredService<ActorSystem>().Settings.Config.GetString("akka.persistence.journal.sql.class");
        if (!journalClass.StartsWith("Akka.Persistence.Sql.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"bare Akka.Persistence.Sql must run the plugin's own journal, not {journalClass}");
        }

        var orders = host.Services.GetRequiredService<ActorRegistry>().Get<BareOrders>();
        return new BareAkkaPersistenceTarget(host, orders);
    }

    public async Task<SendOutcome> SendAsync(IOrderCommand command)
    {
        try
        {
            return OrdersRegionTarget.Outcome(command, await _orders.Ask<CommandResult>(command, AskTimeout));
        }
        catch (AskTimeoutException)
        {
            return SendOutcome.Failed;
        }
    }

    public Task<IReadOnlyCollection<string>> VisibleAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("bare Akka.Persistence.Sql has no read side");

    public Task<TimeSpan> WaitForReadSideAsync(TimeSpan timeout) => Task.FromResult(TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Routes each command to its order's actor, made on first use (what a shard does, without the cluster).</summary>
    private sealed class BareOrders : ReceiveActor
    {
        public BareOrders()
        {
            Receive<IOrderCommand>(command =>
            {
                var name = Uri.EscapeDataString(command.OrderId);
                var order = Context.Child(name);
                if (order.IsNobody())
                {
                    order = Context.ActorOf(Props.Create(() => new BareOrder(command.OrderId)), name);
                }

                order.Forward(command);
            });
        }
    }

    /// <summary>Persists the command's event (tagged by the service's adapter) and answers: nothing else.</summary>
    private sealed class BareOrder : ReceivePersistentActor
    {
        private readonly string _orderId;
        private IActorRef? _awaiting;

        public BareOrder(string orderId)
        {
            _orderId = orderId;
            PersistenceId = OrderPersistenceId.For(orderId);
            Recover<IOrderEvent>(_ => { });
            Command<IOrderCommand>(command =>
            {
                _awaiting = Sender;
                Persist(OrderCommands.EventOf(command), _ =>
                {
                    _awaiting = null;
                    Sender.Tell(new CommandAccepted(_orderId, LastSequenceNr, Replayed: false));
                });
            });
        }

        public override string PersistenceId { get; }

        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _awaiting?.Tell(new CommandFailed(_orderId, cause.Message));
            base.OnPersistFailure(cause, @event, sequenceNr);
        }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
        {
            _awaiting?.Tell(new CommandFailed(_orderId, cause.Message));
            base.OnPersistRejected(cause, @event, sequenceNr);
        }
    }
}
