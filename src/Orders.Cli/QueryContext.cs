using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Tagging;
using Orders.Projections.History;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.WriteSide.Hosting;

namespace Orders.Cli;

/// <summary>
/// What the commands work with: the settings, the read tables and — started only when a command needs it — a
/// local actor system (no cluster) whose SQL read journal runs Akka.Persistence.Query's finite queries.
/// </summary>
public sealed class QueryContext(OrdersSettings settings, TextWriter output, Terminal terminal) : IAsyncDisposable
{
    /// <summary>Where tables and progress are drawn for a person (plain text when redirected).</summary>
    public Terminal Terminal { get; } = terminal;

    private IHost? _host;
    private ReadModelStore? _readModel;

    public OrdersSettings Settings { get; } = settings;

    public TextWriter Output { get; } = output;

    /// <summary>The database, resolved once for the whole command.</summary>
    public OrdersDatabase Database { get; } = new(settings.Database);

    public SqlDialect Dialect => Database.Dialect;

    public ReadModelStore ReadModel
    {
        get
        {
            RefuseMissingSqliteFile(Database.ConfiguredReadModelConnectionString, "read tables");
            return _readModel ??= new ReadModelStore(Database);
        }
    }

    public ProjectionStatusStore Status => new(ReadModel, TimeProvider.System);

    /// <summary>An order's history and past states, read from the journal's table.</summary>
    public async Task<OrderHistory> HistoryAsync() => new(await SystemAsync(), new JournalTables(Database));

    public async Task<(ActorSystem System, SqlReadJournal Journal)> JournalAsync()
    {
        var system = await SystemAsync();
        return (system, PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier));
    }

    /// <summary>The local actor system: its serialization decodes events as the service wrote them.</summary>
    private async Task<ActorSystem> SystemAsync()
    {
        if (_host is null)
        {
            RefuseMissingSqliteFile();
            _host = new HostBuilder()
                .ConfigureServices(services => services.AddAkka("orders-query", (akka, _) => akka
                    .WithOrdersSerialization()
                    .WithOrdersJournal(Settings, createTables: false, database: Database)
                    .AddHocon("akka { loglevel = ERROR, stdout-loglevel = ERROR, log-dead-letters = off }", HoconAddMode.Prepend)))
                .Build();
            await _host.StartAsync();
        }

        return _host.Services.GetRequiredService<ActorSystem>();
    }

    /// <summary>
    /// Every order event of every slice (each lies in exactly one), merged back into journal order, with its slice.
    /// Cancelling stops the read where it is.
    /// </summary>
    public async Task<IReadOnlyList<(int Slice, EventEnvelope Envelope)>> ReadAllSlicesAsync(CancellationToken cancellationToken)
    {
        var (system, journal) = await JournalAsync();
        var all = new List<(int Slice, EventEnvelope Envelope)>();
        foreach (var (tag, slice) in OrderTags.All(Settings.Projections.Slices).Select((tag, slice) => (tag, slice)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (killSwitch, read) = journal.CurrentEventsByTag(tag, Offset.NoOffset())
                .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
                .ToMaterialized(Sink.Seq<EventEnvelope>(), Keep.Both)
                .Run(system.Materializer());
            await using (cancellationToken.Register(() => killSwitch.Abort(new OperationCanceledException(cancellationToken))))
            {
                all.AddRange((await read).Select(envelope => (slice, envelope)));
            }
        }

        return all.OrderBy(e => ((Sequence)e.Envelope.Offset).Value).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    /// <summary>The journal plugin would create an empty SQLite file at a mistyped path; say so instead.</summary>
    public void RefuseMissingSqliteFile() => RefuseMissingSqliteFile(Settings.Database.ConnectionString, "journal");

    private void RefuseMissingSqliteFile(string connectionString, string what)
    {
        if (Settings.Database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!File.Exists(file))
        {
            throw new UsageException($"no {what} at {Path.GetFullPath(file)}; run from the repository root or pass --connection-string");
        }
    }
}
