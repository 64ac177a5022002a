using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.Verification;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>verify journal</c>: reads every stored event and snapshot with today's code (manifests and upcasters),
/// prints counts per manifest and every failure, and exits 1 if anything cannot be read.
/// </summary>
public static class VerifyCommand
{
    private const int ProgressEvery = 10_000;

    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments, TextWriter error)
    {
        arguments.Allow();
        if (arguments.Words is [_, "read-model"])
        {
            return await VerifyReadModelAsync(context, error);
        }

        if (arguments.Words is not [_, "journal"])
        {
            throw new UsageException("use: verify journal | verify read-model");
        }

        context.RefuseMissingSqliteFile();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var dialect = context.Dialect;
        await using var connection = await dialect.OpenAsync(context.Database.JournalConnectionString);
        await ReadAllAsync(connection, dialect.SelectJournalRows, "event", counts, failures, error);
        await ReadAllAsync(connection, dialect.SelectSnapshotRows, "snapshot", counts, failures, error);

        foreach (var (manifest, count) in counts)
        {
            context.Output.WriteLine($"{count,8}  {manifest}");
        }

        foreach (var failure in failures)
        {
            error.WriteLine(failure);
        }

        context.Output.WriteLine($"{counts.Values.Sum()} readable, {failures.Count} unreadable");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Folds the journal with the domain's own Apply and compares every read table with what it should hold.
    /// Run it while the projections are caught up (or the service stopped); events still on their way show as drift.
    /// </summary>
    private static async Task<int> VerifyReadModelAsync(QueryContext context, TextWriter error)
    {
        var (system, journal) = await context.JournalAsync();
        var events = new List<IOrderEvent>();
        foreach (var tag in OrderTags.All(context.Settings.Projections.Slices))
        {
            var envelopes = await journal.CurrentEventsByTag(tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
            events.AddRange(envelopes.OrderBy(e => ((Sequence)e.Offset).Value).Select(e => (IOrderEvent)e.Event));
        }

        var expected = ReadModelContent.ExpectedFrom(events);
        var actual = await ReadModelContent.ReadAllAsync(context.ReadModel);
        var differences = expected.Differences(actual).ToList();
        foreach (var (table, want, found) in differences)
        {
            error.WriteLine(want.Length == 0 ? $"{table}: unexpected row {found}" : found.Length == 0 ? $"{table}: missing row {want}" : $"{table}: {want} != {found}");
        }

        context.Output.WriteLine($"order_summary {actual.OrderSummary.Count} rows, customer_orders {actual.CustomerOrders.Count}, "
                                 + $"product_sales_daily {actual.ProductSales.Count}; folded {events.Count} events; {differences.Count} difference(s)");
        return differences.Count == 0 ? 0 : 1;
    }

    private static async Task ReadAllAsync(
        System.Data.Common.DbConnection connection, string sql, string kind, SortedDictionary<string, int> counts, List<string> failures,
        TextWriter progress)
    {
        var read = 0;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var events = kind == "event";
        while (await reader.ReadAsync())
        {
            if (++read % ProgressEvery == 0)
            {
                progress.WriteLine($"… {read} {kind}s read");
            }

            // Events: ordering, persistence id, sequence number, serializer, manifest, payload.
            // Snapshots: persistence id, sequence number, serializer, manifest, payload.
            var first = events ? 1 : 0;
            var persistenceId = reader.GetString(first);
            var sequenceNr = Convert.ToInt64(reader.GetValue(first + 1));
            var serializer = reader.IsDBNull(first + 2) ? (int?)null : Convert.ToInt32(reader.GetValue(first + 2));
            var manifest = reader.IsDBNull(first + 3) ? "" : reader.GetString(first + 3);
            try
            {
                if (serializer != OrderEventSerializer.SerializerId)
                {
                    throw new InvalidOperationException($"serializer {serializer?.ToString() ?? "none"} is not the orders serializer");
                }

                OrderEventSerializer.Deserialize((byte[])reader.GetValue(first + 4), manifest);
                counts[$"{kind} {manifest}"] = counts.GetValueOrDefault($"{kind} {manifest}") + 1;
            }
            catch (Exception failure)
            {
                failures.Add($"{kind} {persistenceId} #{sequenceNr} ({manifest}): {failure.Message}");
            }
        }
    }
}
