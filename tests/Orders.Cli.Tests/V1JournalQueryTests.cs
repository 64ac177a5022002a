using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Testing;

namespace Orders.Cli.Tests;

/// <summary><c>orders-query</c> over a journal written by the v1 code (tests/Orders.Testing/Fixtures/journal-v1.db).</summary>
public abstract class V1JournalQueryTests : TestWithResources
{
    private readonly TestDatabase _database;

    protected V1JournalQueryTests(DatabaseProvider provider)
    {
        _database = Track(TestDatabases.Create(provider));
        using var host = OrdersTestHost.Start(_database.Settings());
        FixtureJournal.V1.CopyIntoAsync(host.System, _database).GetAwaiter().GetResult();
    }

    [SkippableFact]
    public async Task Verify_journal_reads_every_v1_event_and_snapshot_with_today_s_code()
    {
        var (exit, output, error) = await RunAsync("verify", "journal");

        Assert.True(exit == 0, error);
        var counts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()).ToList();
        Assert.Equal(
            [
                "2  event order-cancelled.v1", "5  event order-created.v1", "1  event order-delivered.v1", "2  event order-line-added.v1",
                "1  event order-line-removed.v1", "3  event order-paid.v1", "2  event order-shipped.v1",
                "3  snapshot order-snapshot.v1", "19 readable, 0 unreadable",
            ],
            counts);
    }

    [SkippableFact]
    public async Task State_and_events_replay_v1_orders_as_today_s_types()
    {
        var (exit, output, _) = await RunAsync("state", "v1-delivered", "--version", "4", "--json");
        Assert.Equal(0, exit);
        var state = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("paid", "web", "card"),
            (state.GetProperty("status").GetString(), state.GetProperty("salesChannel").GetString(), state.GetProperty("paymentMethod").GetString()));

        var (eventsExit, events, _) = await RunAsync("events", "v1-refunded", "--json");
        Assert.Equal(0, eventsExit);
        var manifests = events.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("manifest").GetString());
        Assert.Equal(["order-created.v2", "order-paid.v2", "order-cancelled.v1"], manifests);

        var (beforeExit, _, beforeError) = await RunAsync("state", "v1-pending", "--at", "2026-03-01T00:00:00Z");
        Assert.Equal(2, beforeExit);
        Assert.Contains("did not exist yet", beforeError);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OrdersQuery.RunAsync(
            [.. args, "--provider", _database.Provider.ToString(), "--connection-string", _database.ConnectionString,
             "--read-connection-string", _database.ReadModelConnectionString],
            output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

public sealed class V1JournalQueryTestsOnSqlite() : V1JournalQueryTests(DatabaseProvider.Sqlite);

public sealed class V1JournalQueryTestsOnPostgreSql() : V1JournalQueryTests(DatabaseProvider.PostgreSql);
