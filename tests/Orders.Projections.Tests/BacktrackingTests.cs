using Akka.Actor;
using Orders.Contracts.Configuration;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.CustomerOrders;
using Orders.Projections.Hosting;
using Orders.Projections.OrderSummary;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Testing;
using Orders.WriteSide.Sharding;

namespace Orders.Projections.Tests;

/// <summary>
/// The backtracking pass re-reads only what its reads have not settled: on a steady service, nothing. Here no worker
/// runs; the test hands the pass what "the reads" settled and watches what it reads and applies.
/// </summary>
public abstract class BacktrackingTests(DatabaseProvider provider) : TestWithResources
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_pass_reads_and_applies_only_the_orderings_no_read_settled_and_a_second_pass_reads_nothing()
    {
        var database = Track(TestDatabases.Create(provider));
        var settings = database.Settings();
        var host = Track(OrdersTestHost.Start(settings));
        var region = host.Registry.Get<OrderRegion>();
        var store = ReadModelStore.For(settings.Database);
        await store.MigrateAsync();
        var deps = ProjectionDependencies.Create(settings, store, TimeProvider.System);
        var slices = settings.Projections.Slices;
        const int slice = 1;
        var orderIds = Enumerable.Range(0, 400).Select(i => $"bt-{i}").Where(id => OrderTags.SliceOf(id, slices) == slice).Take(6).ToList();
        foreach (var orderId in orderIds)
        {
            Assert.IsType<CommandAccepted>(await region.Ask<CommandResult>(
                new CreateOrder(orderId, "c-bt", "EUR", [new OrderLine("A", 1, 2m)], new CommandMetadata(T0)), TimeSpan.FromSeconds(30)));
        }

        var tag = OrderTags.ForSlice(slice);
        var orderings = await deps.Journal.OrderingsAsync(tag, 0, long.MaxValue);
        Assert.Equal(orderIds.Count, orderings.Count);
        var projections = OrdersProjectionsHostingExtensions.All(store.Sql);
        // The reads settled every event but the fourth one: it committed after they passed it.
        var seen = projections.ToDictionary(p => p, _ => new SeenOrderings());
        foreach (var s in seen.Values)
        {
            s.Add(orderings.Where((_, i) => i != 3));
        }

        // customer_orders is paused in this slice: the pass may not commit to it, and must not count it as settled.
        var customerOrders = projections.Single(p => p.Name == CustomerOrdersProjection.ProjectionName);
        await deps.Status.EnsureAsync(customerOrders.Name, slice);
        await deps.Status.RequestAsync(customerOrders.Name, slice, ProjectionState.Paused);
        var pass = await PassAsync(deps, slice, tag, seen, orderings[^1], host.System);

        Assert.Empty(pass.Failures);
        Assert.Equal(1, pass.Reread);
        Assert.All(pass.Recovered.Where(r => r.Key != customerOrders), r => Assert.Equal(1, r.Value));
        Assert.Equal(0, pass.Recovered[customerOrders]);
        var summaries = new OrderSummaryReader(store);
        Assert.NotNull(await summaries.FindAsync(orderIds[3]));
        Assert.Null(await summaries.FindAsync(orderIds[2]));
        Assert.Null(await new CustomerOrdersReader(store).FindAsync("c-bt"));
        Assert.Equal(orderings.Count - 1, seen[customerOrders].Count);

        // Resumed, the next pass reads that event again for customer_orders alone and applies it.
        await deps.Status.RequestAsync(customerOrders.Name, slice, ProjectionState.Running);
        pass = await PassAsync(deps, slice, tag, seen, orderings[^1], host.System);
        Assert.Equal(1, pass.Reread);
        Assert.Equal(1, pass.Recovered[customerOrders]);
        Assert.Equal(1, (await new CustomerOrdersReader(store).FindAsync("c-bt"))?.OrderCount);
        Assert.All(seen.Values, s => Assert.Equal(orderings.Count, s.Count));

        // Everything is settled now: the next pass reads nothing, and applies nothing twice.
        pass = await PassAsync(deps, slice, tag, seen, orderings[^1], host.System);
        Assert.Empty(pass.Failures);
        Assert.Equal(0, pass.Reread);
        Assert.All(pass.Recovered.Values, count => Assert.Equal(0, count));

        // A projection whose reads settled nothing (a fresh worker) has the whole window re-read, each event applied once.
        seen[customerOrders].Clear();
        pass = await PassAsync(deps, slice, tag, seen, orderings[^1], host.System);
        Assert.Empty(pass.Failures);
        Assert.Equal(orderings.Count, pass.Reread);
        Assert.Equal(orderings.Count - 1, pass.Recovered[customerOrders]);
        Assert.All(pass.Recovered.Where(r => r.Key != customerOrders), r => Assert.Equal(0, r.Value));
        Assert.Equal(orderIds.Count, (await new CustomerOrdersReader(store).FindAsync("c-bt"))?.OrderCount);
    }

    private static Task<BacktrackingPass> PassAsync(
        ProjectionDependencies deps, int slice, string tag, Dictionary<IProjection, SeenOrderings> seen, long upTo, ActorSystem system) =>
        SliceBacktracking.RunAsync(deps, slice, tag, seen.Select(pair => (pair.Key, upTo, pair.Value)).ToList(), from: 0,
            (payload, serializerId, manifest) => system.Serialization.Deserialize(payload, serializerId, manifest), CancellationToken.None);
}

public sealed class BacktrackingTestsOnSqlite() : BacktrackingTests(DatabaseProvider.Sqlite);

public sealed class BacktrackingTestsOnPostgreSql() : BacktrackingTests(DatabaseProvider.PostgreSql);
