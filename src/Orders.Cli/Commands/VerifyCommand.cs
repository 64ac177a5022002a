using Akka.Persistence.Query;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Projections.Hosting;
using Orders.Projections.Verification;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>verify journal</c>: reads every stored event and snapshot with today's code (manifests and upcasters),
/// prints counts per manifest and every failure, and exits 1 if anything cannot be read.
/// </summary>
public static class VerifyCommand
{
    /// <summary><c>verify journal</c>.</summary>
    public static async Task<int> JournalAsync(QueryContext context, TextWriter error, CancellationToken cancellationToken)
    {
        context.RefuseMissingSqliteFile();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var dialect = context.Dialect;
        await using var connection = await dialect.OpenAsync(context.Database.JournalConnectionString, cancellationToken);
        foreach (var (sql, kind) in new[] { (dialect.SelectJournalRows, "event"), (dialect.SelectSnapshotRows, "snapshot") })
        {
            await context.Terminal.ProgressAsync(error, $"reading {kind}s", total: null, done => $"… {done} {kind}s read", async read =>
            {
                await ReadAllAsync(connection, sql, kind, counts, failures, read, cancellationToken);
                return 0;
            });
        }

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
    /// projection was behind does not raise a false alarm. Exits 1 only for drift, or when the tables could not be
    /// read at one point (see <see cref="ReadTablesAtOnePointAsync"/>). (A commit that came so late that the offset
    /// passed it before the backtracking pass found it shows as drift until that pass applies it.)
    /// </summary>
    public static async Task<int> ReadModelAsync(QueryContext context, TextWriter error, CancellationToken cancellationToken)
    {
        var projections = OrdersProjectionsHostingExtensions.All(context.ReadModel.Sql).Select(projection => projection.Name).ToList();
        if (await ReadTablesAtOnePointAsync(context, projections, error, cancellationToken) is not var (actual, offsets))
        {
            error.WriteLine("orders-query: the projections kept committing while their tables were read, so the tables could not be "
                            + "compared at one point (this is not drift): pause them (orders-query projections pause <name>) or stop "
                            + "the service, then verify again");
            return ExitCodes.CheckFailed;
        }

        // The journal last: every event up to the offsets just read is in it.
        error.WriteLine("… reading the journal");
        var events = (await context.ReadAllSlicesAsync(cancellationToken))
            .Select(e => (e.Slice, Ordering: ((Sequence)e.Envelope.Offset).Value, Event: (IOrderEvent)e.Envelope.Event)).ToList();
        var differences = 0;
        var behind = new List<string>();
        foreach (var projection in projections)
        {
            var applied = offsets[projection];
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

    /// <summary>
    /// The read tables with the offsets they correspond to: the offsets are read before and after the tables, and a
    /// reading counts only when no commit moved them meanwhile (a commit moves its offset with its rows). A running
    /// service gets three tries; null when its projections kept committing.
    /// </summary>
    private static async Task<(ReadModelContent Tables, Dictionary<string, long[]> Offsets)?> ReadTablesAtOnePointAsync(
        QueryContext context, IReadOnlyList<string> projections, TextWriter progress, CancellationToken cancellationToken)
    {
        var slices = context.Settings.Projections.Slices;
        // Every worker's offset in one query (the status table's rows with their offsets); none stored yet: 0.
        async Task<Dictionary<string, long[]>> OffsetsAsync()
        {
            var offsets = projections.ToDictionary(projection => projection, _ => new long[slices]);
            foreach (var row in await context.Status.ReadAllAsync(cancellationToken))
            {
                if (offsets.TryGetValue(row.Projection, out var bySlice) && row.Slice < slices)
                {
                    bySlice[row.Slice] = row.Offset;
                }
            }

            return offsets;
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            progress.WriteLine(attempt == 1 ? "… reading the read tables" : "… the projections committed meanwhile: reading the read tables again");
            var before = await OffsetsAsync();
            var tables = await ReadModelContent.ReadAllAsync(context.ReadModel, cancellationToken);
            var after = await OffsetsAsync();
            if (projections.All(projection => before[projection].SequenceEqual(after[projection])))
            {
                return (tables, before);
            }
        }

        return null;
    }

    private static async Task ReadAllAsync(
        System.Data.Common.DbConnection connection, string sql, string kind, SortedDictionary<string, int> counts, List<string> failures,
        Action<long> progress, CancellationToken cancellationToken)
    {
        long read = 0;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = kind == "event";
        while (await reader.ReadAsync(cancellationToken))
        {
            progress(++read);

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
