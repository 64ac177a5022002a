using System.Data.Common;
using System.Text.RegularExpressions;
using LinqToDB.Interceptors;

namespace Orders.Contracts.Database;

/// <summary>
/// Turns the read journal's per-event tag lookup back into a keyed lookup. Akka.Persistence.Sql 1.5.73 reads each
/// event's tags with a correlated <c>STRING_AGG</c> over the <c>tags</c> table; linq2db 6.5.1 renders its
/// <c>WHERE tags.ordering_id = event.ordering</c> inside the aggregate on PostgreSQL
/// (<c>STRING_AGG(…) FILTER (WHERE …) FROM tags t1</c>) and SQLite (<c>GROUP_CONCAT(CASE WHEN … THEN … END, …) FROM
/// [tags] [t1]</c>), so every event read aggregates over every tag row ever written: EventsByTag slows down in
/// proportion to the journal's size (quadratic in the end), and the projections with it. This puts the condition
/// back in a <c>WHERE</c>, where the tags table's key serves it. SQL Server's rendering already has the
/// <c>WHERE</c> and is left alone, as is every other statement.
/// </summary>
public sealed partial class TagLookupRewrite : CommandInterceptor
{
    public static readonly TagLookupRewrite Instance = new();

    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        command.CommandText = Rewrite(command.CommandText);
        return command;
    }

    /// <summary>The statement with each whole-table tag aggregate turned into a keyed one; any other statement as it was.</summary>
    public static string Rewrite(string sql)
    {
        if (!sql.Contains("FROM", StringComparison.Ordinal) || !(sql.Contains("STRING_AGG", StringComparison.Ordinal) || sql.Contains("GROUP_CONCAT", StringComparison.Ordinal)))
        {
            return sql;
        }

        sql = PostgreSqlFilteredAggregate().Replace(sql, m =>
            $"{m.Groups["aggregate"].Value} FROM {m.Groups["table"].Value} WHERE {m.Groups["condition"].Value}");
        return SqliteCaseAggregate().Replace(sql, m =>
            $"GROUP_CONCAT({m.Groups["value"].Value}, {m.Groups["separator"].Value}) FROM {m.Groups["table"].Value} WHERE {m.Groups["condition"].Value}");
    }

    // STRING_AGG(t1.tag, ';') FILTER (WHERE t1.ordering_id = x_1."Ordering") FROM tags t1
    [GeneratedRegex("""(?<aggregate>STRING_AGG\([^()]*\))\s*FILTER\s*\(\s*WHERE\s+(?<condition>[^()]*?)\s*\)\s+FROM\s+(?<table>tags\s+\w+)""", RegexOptions.CultureInvariant)]
    private static partial Regex PostgreSqlFilteredAggregate();

    // GROUP_CONCAT(CASE WHEN [t1].[ordering_id] = [x_1].[Ordering] THEN [t1].[tag] ELSE NULL END, ';') FROM [tags] [t1]
    [GeneratedRegex("""GROUP_CONCAT\(CASE\s+WHEN\s+(?<condition>[^()]*?)\s+THEN\s+(?<value>[^()]*?)\s+ELSE\s+NULL\s+END\s*,\s*(?<separator>'[^']*')\)\s+FROM\s+(?<table>\[tags\]\s+\[\w+\])""", RegexOptions.CultureInvariant)]
    private static partial Regex SqliteCaseAggregate();
}
