using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;
using Orders.Contracts.Database;

namespace Orders.Contracts.Tests;

/// <summary>
/// The read journal's per-event tag lookup, as linq2db renders it for each provider, is turned into a keyed lookup
/// (<c>… FROM tags t WHERE t.ordering_id = event.ordering</c>) instead of an aggregate over the whole tags table.
/// The statements are rendered by the linq2db the journal plugin runs on, from the same query shape the plugin
/// uses, so an upgrade that renders them differently fails here.
/// </summary>
public sealed class TagLookupRewriteTests
{
    [Theory]
    [InlineData(ProviderName.PostgreSQL15)]
    [InlineData(ProviderName.SQLiteMS)]
    public void The_tag_aggregate_over_the_whole_table_becomes_a_keyed_lookup(string provider)
    {
        var rendered = TagLookupAsRendered(provider);
        Assert.DoesNotMatch(WhereInSubquery, rendered); // what the rewrite is for: no WHERE in the tag subquery

        var rewritten = TagLookupRewrite.Rewrite(rendered);

        Assert.Matches(WhereInSubquery, rewritten);
        Assert.DoesNotContain("FILTER", rewritten);
        Assert.DoesNotContain("CASE", rewritten);
        // Everything outside the subquery is untouched.
        Assert.Equal(Outside(rendered), Outside(rewritten));
    }

    [Fact]
    public void SQL_Servers_rendering_already_has_its_WHERE_and_is_left_alone()
    {
        var rendered = TagLookupAsRendered(ProviderName.SqlServer2022);

        Assert.Matches(WhereInSubquery, rendered);
        Assert.Equal(rendered, TagLookupRewrite.Rewrite(rendered));
    }

    [Theory]
    [InlineData("SELECT STRING_AGG(name, ',') FILTER (WHERE active) FROM users u")]
    [InlineData("INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (@o0, @t0, @s0, @p0)")]
    [InlineData("SELECT GROUP_CONCAT(CASE WHEN a = 1 THEN b ELSE NULL END, ';') FROM [other] [o]")]
    public void Other_statements_are_left_alone(string sql) => Assert.Equal(sql, TagLookupRewrite.Rewrite(sql));

    private const string WhereInSubquery = @"(?s)FROM\s+\[?tags\]?\s+\[?\w+\]?\s+WHERE\s+\[?\w+\]?\.\[?ordering_id\]?\s*=";

    /// <summary>The statement around its tag subquery: what comes before the subquery, and the outer FROM onwards.</summary>
    private static (string Before, string After) Outside(string sql)
    {
        var subquery = System.Text.RegularExpressions.Regex.Match(sql, @"\(\s*SELECT\s+(STRING_AGG|GROUP_CONCAT)").Index;
        return (sql[..subquery], sql[sql.LastIndexOf("\nFROM", StringComparison.Ordinal)..]);
    }

    /// <summary>
    /// The plugin's query: each event row with its tags aggregated from the tags table, rendered for
    /// <paramref name="provider"/> without a connection.
    /// </summary>
    private static string TagLookupAsRendered(string provider)
    {
        using var db = new DataConnection(new DataOptions().UseConnectionString(provider, ConnectionStringFor(provider)));
        var tags = db.GetTable<TagRow>();
        var query = db.GetTable<EventRow>()
            .Where(row => row.Ordering > 5 && !row.Deleted)
            .OrderBy(row => row.Ordering)
            .Take(100)
            .Select(row => new { row, tags = tags.Where(t => t.OrderingId == row.Ordering).StringAggregate(";", t => t.Tag).ToValue() });
        return query.ToSqlQuery().Sql;
    }

    private static string ConnectionStringFor(string provider) => provider switch
    {
        ProviderName.SqlServer2022 => "Server=localhost;Database=orders;TrustServerCertificate=true",
        ProviderName.PostgreSQL15 => "Host=localhost;Database=orders",
        _ => "Data Source=:memory:",
    };

    [Table("journal")]
    private sealed class EventRow
    {
        [Column("ordering")] public long Ordering { get; set; }
        [Column("persistence_id")] public string PersistenceId { get; set; } = "";
        [Column("deleted")] public bool Deleted { get; set; }
    }

    [Table("tags")]
    private sealed class TagRow
    {
        [Column("ordering_id")] public long OrderingId { get; set; }
        [Column("tag")] public string Tag { get; set; } = "";
    }
}
