using Akka.Persistence.Query;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.Hosting;
using Orders.Projections.Runtime;
using Orders.Projections.Verification;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>verify journal</c>: reads every stored event and snapshot with today's code (manifests and upcasters),
/// prints counts per manifest and every failure, and exits 1 if anything cannot be read.
/// </summary>
public static class VerifyCommand
{
    private const int ProgressEvery = 10_000;

    public static async Task<int> RunAsync(QueryContext context, ParsedArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        arguments.Allow();
        if (arguments.Words is [_, "read-model"])
        {
            return await VerifyReadModelAsync(context, error, cancellationToken);
        }

        if (arguments.Words is not [_, "journal"])
        {
            throw new UsageException("use: verify journal | verify read-model");
        }

        context.RefuseMissingSqliteFile();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var dialect = context.Dialect;
        await using var connection = await dialect.OpenAsync(context.Database.JournalConnectionString, cancellationToken);
        await ReadAllAsync(connection, dialect.SelectJournalRows, "event", counts, failures, error, cancellationToken);
        await ReadAllAsync(connection, dialect.SelectSnapshotRows, "snapshot", counts, failures, error, cancellationToken);

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
    /// Folds the journal with the domain's own Apply and compares each projection's table with what it should hold
    /// after the events up to that projection's own offsets — each slice's offset, as committed with its rows. Events
    /// beyond them are not applied yet: reported as "behind by N events", not as drift, so a service stopped while a
    /// projection was behind does not raise a false alarm. Exits 1 only for drift. (A commit that came so late that
    /// the offset passed it before the backtracking pass found it shows as drift until that pass applies it.)
    /// </summary>
    private static async Task<int> VerifyReadModelAsync(QueryContext context, TextWriter error, CancellationToken cancellationToken)
    {
        var slices = context.Settings.Projections.Slices;
        var events = (await context.ReadAllSlicesAsync(cancellationToken))
            .Select(e => (e.Slice, Ordering: ((Sequence)e.Envelope.Offset).Value, Event: (IOrderEvent)e.Envelope.Event)).ToList();
        error.WriteLine($"… {events.Count} events read; reading the read tables");
        var actual = await ReadModelContent.ReadAllAsync(context.ReadModel, cancellationToken);
        var offsets = new ProjectionOffsets(context.ReadModel, TimeProvider.System);
        var differences = 0;
        var behind = new List<string>();
        foreach (var projection in OrdersProjectionsHostingExtensions.All(context.ReadModel.Sql).Select(projection => projection.Name))
        {
            var applied = new long[slices];
            for (var slice = 0; slice < slices; slice++)
            {
                applied[slice] = await offsets.ReadAsync(projection, slice, cancellationToken);
            }

            var expected = ReadModelContent.ExpectedFrom(events.Where(e => e.Ordering <= applied[e.Slice]).Select(e => e.Event));
            foreach (var (table, want, found) in expected.Differences(actual).Where(difference => difference.Table == projection))
            {
                differences++;
                error.WriteLine(want.Length == 0 ? $"{table}: unexpected row {found}" : found.Length == 0 ? $"{table}: missing row {want}" : $"{table}: {want} != {found}");
            }

            var notApplied = events.Count(e => e.Ordering > applied[e.Slice]);
            context.Output.WriteLine(notApplied == 0
                ? $"{projection}: applied up to the journal's end"
                : $"{projection}: behind by {notApplied} event(s), not applied yet (compared up to its offsets; not drift)");
            if (notApplied > 0)
            {
                behind.Add(projection);
            }
        }

        context.Output.WriteLine($"order_summary {actual.OrderSummary.Count} rows, customer_orders {actual.CustomerOrders.Count}, "
                                 + $"product_sales_daily {actual.ProductSales.Count}; folded {events.Count} events; {differences} difference(s)"
                                 + (behind.Count == 0 ? "" : $"; behind: {string.Join(", ", behind)}"));
        return differences == 0 ? 0 : 1;
    }

    private static async Task ReadAllAsync(
        System.Data.Common.DbConnection connection, string sql, string kind, SortedDictionary<string, int> counts, List<string> failures,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var read = 0;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = kind == "event";
        while (await reader.ReadAsync(cancellationToken))
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
