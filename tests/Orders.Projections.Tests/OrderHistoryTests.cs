using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.Projections.History;
using Orders.Projections.OrderSummary;
using Orders.Projections.Storage;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>
/// An order's history and time travel read the journal's table directly (<see cref="OrderHistory"/>), and neither
/// they nor the projections' live reads start the read journal's sequence actor, which would poll the journal every
/// few milliseconds for as long as the process runs.
/// </summary>
public abstract class OrderHistoryTests(DatabaseProvider provider) : TestWithResources
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Where Akka.Persistence.Sql 1.5.73's read journal keeps its sequence actor (the journal's table is <c>journal</c>).</summary>
    private static readonly string SequenceActorPath = $"/system/{SqlReadJournal.Identifier}-journal-akka-persistence-sql-sequence-actor";

    [SkippableFact]
    public async Task An_orders_events_and_past_states_come_from_the_journal_without_the_read_journals_sequence_actor()
    {
        var database = Track(TestDatabases.Create(provider));
        var settings = database.Settings();
        var host = Track(OrdersTestHost.Start(settings, withProjections: true));
        var region = host.Registry.Get<OrderRegion>();
        async Task Send(IOrderCommand command) =>
            Assert.IsType<CommandAccepted>(await region.Ask<CommandResult>(command, TimeSpan.FromSeconds(30)));

        await Send(new CreateOrder("hist-1", "c-hist", "EUR", [new OrderLine("A", 2, 5m)], new CommandMetadata(T0)));
        await Send(new AddOrderLine("hist-1", "B", 1, 3m, new CommandMetadata(T0.AddMinutes(1))));
        await Send(new PayOrder("hist-1", "card", 13m, new CommandMetadata(T0.AddMinutes(2))));
        await Send(new CreateOrder("hist-2", "c-other", "EUR", [new OrderLine("A", 1, 5m)], new CommandMetadata(T0)));

        var history = new OrderHistory(host.System, new JournalTables(settings.Database));
        var events = await history.ReadAsync("hist-1");
        Assert.Equal([1L, 2L, 3L], events.Select(envelope => envelope.SequenceNr));
        Assert.Equal([typeof(OrderCreated), typeof(OrderLineAdded), typeof(OrderPaid)], events.Select(envelope => envelope.Event.GetType()));
        Assert.All(events, envelope => Assert.Equal(OrderPersistenceId.For("hist-1"), envelope.PersistenceId));
        Assert.Equal([2L], (await history.ReadAsync("hist-1", 2, 2)).Select(envelope => envelope.SequenceNr));
        Assert.Empty(await history.ReadAsync("hist-1", 4));
        Assert.Empty(await history.ReadAsync("never-created"));

        Assert.Equal("c-hist", await history.OwnerAsync("hist-1"));
        Assert.Equal("c-other", await history.OwnerAsync("hist-2"));
        Assert.Null(await history.OwnerAsync("never-created"));

        var afterTwo = await history.StateAtAsync("hist-1", at: null, version: 2);
        Assert.Equal((OrderStatus.Pending, 2, 13m), (afterTwo.State!.Status, afterTwo.State.Lines.Count, afterTwo.State.Total));
        Assert.Equal(OrderStatus.Paid, (await history.StateAtAsync("hist-1", at: T0.AddMinutes(5), version: null)).State!.Status);
        Assert.NotNull((await history.StateAtAsync("hist-1", at: T0.AddMinutes(-1), version: null)).Missing);
        Assert.False((await history.StateAtAsync("never-created", null, null)).Exists);

        // The projections have read these events by now (their offsets moved), without the read journal.
        var summaries = new OrderSummaryReader(new ReadModelStore(new OrdersDatabase(settings.Database)));
        await Eventually.Holds(async () => Assert.Equal(3, (await summaries.FindAsync("hist-1"))?.Summary.Version), TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => host.System.ActorSelection(SequenceActorPath).ResolveOne(TimeSpan.FromSeconds(1)));

        // The path is right: making the read journal starts its sequence actor there.
        PersistenceQuery.Get(host.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        await host.System.ActorSelection(SequenceActorPath).ResolveOne(TimeSpan.FromSeconds(5));
    }
}

public sealed class OrderHistoryTestsOnSqlite() : OrderHistoryTests(DatabaseProvider.Sqlite);

public sealed class OrderHistoryTestsOnPostgreSql() : OrderHistoryTests(DatabaseProvider.PostgreSql);
