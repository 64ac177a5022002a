using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Projections.Hosting;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The service as a real process, killed with SIGKILL in the middle of a load and started again: no acknowledged
/// command is lost, and every read table equals a fresh rebuild from the journal.
/// </summary>
public abstract class CrashRecoveryTests(DatabaseProvider provider, ITestOutputHelper output) : TestWithResources
{
    [SkippableFact]
    public async Task After_a_SIGKILL_mid_load_nothing_acknowledged_is_lost_and_the_read_tables_equal_a_rebuild()
    {
        var database = Track(TestDatabases.Create(provider));
        var port = ServiceProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) }.Authorized(Tokens.Operator);

        var first = Track(StartService(database, port));
        await WaitUntilReadyAsync(http);
        var acknowledged = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(client => Task.Run(() => DriveAsync(http, client, acknowledged, stop.Token))).ToList();
        // Kill once the load is well under way (a fresh process needs a moment before its first order is stored).
        await Eventually.Holds(() =>
        {
            Assert.True(acknowledged.Count >= 40, $"{acknowledged.Count} orders so far");
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(90));
        first.Kill();
        stop.Cancel();
        await Task.WhenAll(load);
        output.WriteLine($"killed mid-load after {acknowledged.Count} orders had acknowledged writes");

        Track(StartService(database, port));
        await WaitUntilReadyAsync(http);
        await Eventually.Holds(async () =>
        {
            var workers = (await http.GetFromJsonAsync<JsonElement>("/projections")).GetProperty("workers").EnumerateArray().ToList();
            Assert.Equal(12, workers.Count);
            Assert.All(workers, worker => Assert.Equal(0, worker.GetProperty("lagEvents").GetInt64()));
        }, TimeSpan.FromSeconds(60));

        var settings = database.Settings();
        var journal = await JournalRows.ReadAllAsync(database, settings.Projections.Slices);
        var versions = journal.GroupBy(e => ((IOrderEvent)e.Event).OrderId).ToDictionary(g => g.Key, g => g.Max(e => e.SequenceNr));
        foreach (var (orderId, version) in acknowledged)
        {
            Assert.True(versions.GetValueOrDefault(orderId) >= version, $"order {orderId} was acknowledged at version {version} but is not in the journal");
        }

        foreach (var order in journal.GroupBy(e => e.PersistenceId))
        {
            Assert.Equal(Enumerable.Range(1, order.Count()).Select(i => (long)i), order.Select(e => e.SequenceNr));
        }

        var orderIds = versions.Keys.ToList();
        var customers = journal.Select(e => e.Event).OfType<OrderCreated>().Select(e => e.CustomerId).ToList();
        var live = await ReadModelContent.ReadAsync(ReadModelStore.For(settings.Database), orderIds, customers);
        var rebuilt = await RebuildAsync(journal, settings.Projections.Slices, orderIds, customers);
        Assert.Equal(rebuilt.OrderSummary, live.OrderSummary);
        Assert.Equal(rebuilt.CustomerOrders, live.CustomerOrders);
        Assert.Equal(rebuilt.ProductSales, live.ProductSales);
        Assert.Equal(ReadModelContent.ExpectedFrom(journal.Select(e => (IOrderEvent)e.Event)), live, ReadModelContentComparer.Instance);
    }

    /// <summary>Projects the whole journal into a fresh, empty read database with the production projections.</summary>
    private async Task<ReadModelContent> RebuildAsync(
        IReadOnlyList<Akka.Persistence.Query.EventEnvelope> journal, int slices, IEnumerable<string> orderIds, IEnumerable<string> customers)
    {
        var fresh = Track(TestDatabases.Create(provider));
        var store = ReadModelStore.For(fresh.Settings().Database);
        await store.MigrateAsync();
        var offsets = new ProjectionOffsets(store, TimeProvider.System);
        var committer = new ProjectionCommitter(store, offsets);
        foreach (var projection in OrdersProjectionsHostingExtensions.All(store.Sql))
        {
            for (var slice = 0; slice < slices; slice++)
            {
                await offsets.LoadAsync(projection.Name, slice);
                var tag = Orders.Contracts.Tagging.OrderTags.ForSlice(slice);
                foreach (var batch in journal.Where(e => e.Tags.Contains(tag)).Chunk(200))
                {
                    await committer.CommitAsync(projection, slice, batch);
                }
            }
        }

        return await ReadModelContent.ReadAsync(store, orderIds, customers);
    }

    private static async Task DriveAsync(HttpClient http, int client, ConcurrentDictionary<string, long> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var orderId = $"crash-{client}-{i}";
            try
            {
                var created = await http.PostAsJsonAsync("/orders", new
                {
                    orderId,
                    customerId = $"customer-{i % 5}",
                    lines = new[] { new { sku = $"SKU-{i % 3}", quantity = 1 + i % 4, unitPrice = 2.5m } },
                }, stop);
                if (created.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                acknowledged[orderId] = 1;
                var paid = await http.PostAsJsonAsync($"/orders/{orderId}/pay",
                    new { paymentMethod = "card", amount = 2.5m * (1 + i % 4) }, stop);
                if (paid.IsSuccessStatusCode)
                {
                    acknowledged[orderId] = 2;
                }
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
            {
                // The process was killed under this request: its outcome is unknown, so it is not counted.
            }
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http) =>
        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode),
            TimeSpan.FromSeconds(60));

    private ServiceProcess StartService(TestDatabase database, int port)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Orders__Database__Provider"] = database.Provider.ToString(),
            ["Orders__Database__ConnectionString"] = database.ConnectionString,
            ["Orders__Database__ReadModelConnectionString"] = database.ReadModelConnectionString,
            ["Orders__Projections__ControlInterval"] = "00:00:00.200",
            ["Orders__Gateway__AskTimeout"] = "00:00:10",
        };
        TestAuth.AddTo(environment);
        return ServiceProcess.Start("Orders.Gateway.dll", "service", environment, output);
    }
}

public sealed class CrashRecoveryTestsOnSqlite(ITestOutputHelper output) : CrashRecoveryTests(DatabaseProvider.Sqlite, output);

public sealed class CrashRecoveryTestsOnPostgreSql(ITestOutputHelper output) : CrashRecoveryTests(DatabaseProvider.PostgreSql, output);
