using Akka.Persistence.Sql.Config;
using LinqToDB;
using Akka.Persistence.Sql.Hosting;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database.Plugins;
using Orders.Contracts.Tagging;

namespace Orders.Contracts.Database;

/// <summary>
/// The journal and snapshot-store plugin settings for the configured database, and the HOCON that tunes them.
/// Built apart from the actor system so that every provider's configuration can be checked without a server.
/// </summary>
public sealed record JournalPlugins(SqlJournalOptions Journal, SqlSnapshotOptions Snapshots, string Hocon, JournalWriteGate WriteGate)
{
    /// <summary>
    /// How often the read journal's sequence actor looks for new ordering numbers; its queries by tag return events only
    /// up to the highest it has seen. The projections do not use it (they ask Orders.Projections' JournalFrontier, only
    /// when they read); the read journal's own queries do: the CLI's <c>tag</c> commands, and an order's history.
    /// Its cost is one indexed query per period, idle or not, in a process that has made the read journal.
    /// </summary>
    public static readonly TimeSpan SequenceQueryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long a live query of the read journal that has not yet reached the journal's end waits before it asks the
    /// sequence actor again (at 50 ms, the plugin's default, that wait was most of a projection's lag on an idle
    /// service, when the projections read through it).
    /// </summary>
    public static readonly TimeSpan QueryRefreshInterval = TimeSpan.FromMilliseconds(5);

    /// <param name="resolved">The host's resolved database; tools and tests that have none pass null.</param>
    public static JournalPlugins For(OrdersSettings settings, OrdersDatabase? resolved = null)
    {
        var database = settings.Database;
        resolved ??= new OrdersDatabase(database);
        var dialect = resolved.Dialect;
        var connectionString = resolved.JournalConnectionString;

        var gate = new JournalWriteGate();
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = dialect.JournalProviderName,
            AutoInitialize = true,
            TagStorageMode = TagMode.TagTable,
            QueryRefreshInterval = QueryRefreshInterval,
            // The journal and its read journal both use these options: the tag lookup of EventsByTag is rewritten
            // into a keyed one (see TagLookupRewrite), or every event read scans the whole tags table. Writes pass
            // the node's write fence last (JournalWriteGate).
            DataOptions = new DataOptions().UseConnectionString(dialect.JournalProviderName, connectionString)
                .UseInterceptor(TagLookupRewrite.Instance).UseInterceptor(gate),
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = dialect.JournalProviderName,
            AutoInitialize = true,
        };

        // The read journal waits query-delay × max-tries for a missing ordering number before it gives up on it
        // (shared/STACK.md pitfall 5): a short delay keeps its queries fresh, many tries keep that wait at GapWait,
        // the projections' own (JournalFrontier).
        // During a database outage the circuit breaker fails writes fast; once the database is back it lets a
        // trial write through after reset-timeout, and the read side retries within max-backoff-query-delay.
        // Concurrent journal writers: a single-writer database (SQLite) makes extra ones wait on its lock and
        // back off (p99 of ~600 ms in the benchmark); one writer batching everything is faster there.
        // Tagged writes: by default the plugin inserts each tagged journal row alone (to learn its ordering) before
        // the tag rows; the parameterized mode inserts a batch's journal rows in one INSERT … RETURNING and its tags
        // in another (the benchmark: +30–60 % events/s at 256–1 024 commands in flight on PostgreSQL, p50 about
        // halved; SQLite gained nothing measurable and keeps the default: SqlDialect.BatchesTaggedInserts).
        // Recoveries ask the journal and the snapshot store their first questions as plain statements (Plugins/).
        // More writers (parallelism 6), bigger batches (400) and more concurrent recoveries (200) measured no
        // better, so those stay at the plugin's defaults. (Npgsql's automatic preparation did not either while the
        // read side dominated; once it no longer did, it saved the server CPU: SqlDialect.PrepareServiceConnectionString.)
        var breaker = Breaker(database.CircuitBreaker);
        var gapQueryDelayMs = (int)SequenceQueryDelay.TotalMilliseconds;
        var gapTries = Math.Max(1, (int)Math.Ceiling(settings.Projections.GapWait.TotalMilliseconds / gapQueryDelayMs));
        var hocon = $$"""
            {{OrderTaggingAdapter.SlicesConfigPath}} = {{settings.Projections.Slices}}
            {{journal.QueryPluginId}}.journal-sequence-retrieval {
              query-delay = {{gapQueryDelayMs}}ms
              max-tries = {{gapTries}}
              max-backoff-query-delay = 5s
            }
            akka.persistence.journal.{{journal.Identifier}}.class = "{{PluginClass<OrdersJournal>()}}"
            akka.persistence.snapshot-store.{{snapshots.Identifier}}.class = "{{PluginClass<OrdersSnapshotStore>()}}"
            akka.persistence.journal.{{journal.Identifier}}.circuit-breaker = {{breaker}}
            akka.persistence.journal.{{journal.Identifier}}.parallelism = {{(dialect.SingleWriter ? 1 : DefaultWriteParallelism)}}
            akka.persistence.snapshot-store.{{snapshots.Identifier}}.circuit-breaker = {{breaker}}
            akka.persistence.journal.{{journal.Identifier}}.tagtable-asqueryable-insert-mode = {{(dialect.BatchesTaggedInserts ? "parameterized" : "off")}}
            akka.persistence.journal.{{journal.Identifier}}.prefer-parameters-on-multirow-insert = {{(dialect.BatchesTaggedInserts ? "true" : "false")}}
            """;
        return new JournalPlugins(journal, snapshots, hocon, gate);
    }

    /// <summary>Akka.Persistence.Sql's default number of concurrent journal writers.</summary>
    public const int DefaultWriteParallelism = 3;

    private static string PluginClass<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    private static string Breaker(CircuitBreakerSettings breaker) =>
        $"{{ max-failures = {breaker.MaxFailures}, call-timeout = {(int)breaker.CallTimeout.TotalMilliseconds}ms, "
        + $"reset-timeout = {(int)breaker.ResetTimeout.TotalMilliseconds}ms }}";
}
