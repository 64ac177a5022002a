using System.Data.Common;
using LinqToDB.Interceptors;

namespace Orders.Contracts.Database;

/// <summary>
/// The journal's own check before each write statement is sent: a statement that changes the journal's tables
/// (INSERT, UPDATE, DELETE, MERGE) is refused while the node's write fence says it must not write — for writes that
/// were already queued in the journal's batch when the node froze, which the order actors' own check cannot reach.
/// A transaction already under way when the node froze is not stopped here: its statements have passed, and its
/// COMMIT is not checked; the journal's unique sequence numbers keep a late one from doubling an order's events.
/// Reads are never refused. Until <see cref="Bind"/> is called (tools, tests without a write side) nothing is refused.
/// </summary>
public sealed class JournalWriteGate : CommandInterceptor
{
    private Func<string?> _refusal = () => null;

    /// <summary>Where the refusal comes from: the write side's fence, once the actor system runs.</summary>
    public void Bind(Func<string?> refusal) => Volatile.Write(ref _refusal, refusal);

    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        if (IsWrite(command.CommandText) && Volatile.Read(ref _refusal)() is { } reason)
        {
            throw new JournalWriteFencedException(reason);
        }

        return command;
    }

    private static bool IsWrite(string sql)
    {
        var statement = sql.AsSpan().TrimStart();
        return statement.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
               || statement.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
               || statement.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
               || statement.StartsWith("MERGE", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A journal write this node refused to send (see <see cref="JournalWriteGate"/>); nothing was stored.</summary>
public sealed class JournalWriteFencedException(string reason) : Exception($"journal write fenced, nothing sent: {reason}");
