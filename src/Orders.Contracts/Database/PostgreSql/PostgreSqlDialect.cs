using System.Data.Common;
using LinqToDB;
using Npgsql;
using Orders.Contracts.Configuration;

namespace Orders.Contracts.Database.PostgreSql;

public sealed class PostgreSqlDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string JournalProviderName => ProviderName.PostgreSQL15;

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <summary>
    /// How long the server lets a session sit inside a transaction without sending anything before it ends the
    /// session and rolls the transaction back. A node frozen between a journal INSERT and its COMMIT (paused, cut off)
    /// would otherwise hold that row's key locked: the order's new owner's write of the same sequence number — and
    /// the whole batch it is in — would wait until the frozen node came back, and its late COMMIT could still land.
    /// Our own transactions never wait between statements; 5 s is far above any gap a busy machine makes, and below
    /// the time the cluster needs to move the frozen node's orders. A connection string that sets
    /// <c>Options</c> with its own <c>idle_in_transaction_session_timeout</c> keeps it. (Not for PgBouncer in
    /// transaction mode, which does not pass start-up options; set the timeout on the role or the database there.)
    /// </summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromSeconds(5);

    public override string PrepareConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.OrdinalIgnoreCase) != true)
        {
            var option = $"-c idle_in_transaction_session_timeout={(long)IdleInTransactionTimeout.TotalMilliseconds}";
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? option : $"{builder.Options} {option}";
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Npgsql prepares the service's statements (128 of them per connection: each multi-row size is its own) once they
    /// have run twice on a connection, unless the connection string says otherwise. Unprepared, PostgreSQL parses and
    /// plans every statement again: planning alone was 12 % of the machine's CPU in the benchmark at 500 events/s.
    /// The read side's rebuild of 62 000 events took 9.0 s instead of 15.1 s; the journal's statements (inserts,
    /// recoveries' first questions, the read journal's sequence query) cost the server about 15 % less CPU per event.
    /// </summary>
    public override string PrepareServiceConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(PrepareConnectionString(connectionString));
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
