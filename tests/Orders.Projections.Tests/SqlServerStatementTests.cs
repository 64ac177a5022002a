using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Projections.Schema;
using Orders.Projections.Storage.Dialects;

namespace Orders.Projections.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so every statement the service renders for it is checked by Microsoft's
/// own T-SQL parser (SQL Server 2022 grammar): every statement of the read side's SQL Server dialect — the DDL and
/// row statements rendered for every declared table, live and shadow, at every multi-row size — and the journal
/// statements of the shared dialect. Parsing proves the syntax, not the semantics (names and types are checked only
/// by a server).
/// </summary>
public sealed class SqlServerStatementTests
{
    private static readonly ReadSideSql Sql = ReadSideSql.For(DatabaseProvider.SqlServer);
    private static readonly SqlDialect Dialect = SqlDialect.For(DatabaseProvider.SqlServer);

    /// <summary>Every declared table, and its shadow: the rebuild renders its statements for both.</summary>
    private static readonly IReadOnlyList<ReadTable> Tables =
        [.. ReadSchema.Tables, .. ReadSchema.Tables.Select(table => table.In(ReadTables.Shadow))];

    public static TheoryData<string, string> EveryStatement()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, sql) in Statements())
        {
            data.Add(name, sql);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatement))]
    public void Parses_as_T_SQL(string name, string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0,
            $"{name} does not parse as T-SQL:\n{string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}"))}\n{sql}");
    }

    [Fact]
    public void The_parser_catches_what_SQL_Server_would_refuse()
    {
        // A guard on the test itself: PostgreSQL-isms do not pass, and neither does the ON CONFLICT upsert.
        new TSql160Parser(true).Parse(new StringReader("SELECT order_id FROM order_summary LIMIT 10"), out var errors);
        Assert.NotEmpty(errors);
        new TSql160Parser(true).Parse(new StringReader(SqliteReadSideSql.Instance.AddTo(ReadSchema.Tables[2], 2)), out errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_statements_are_found_by_reflection_not_listed_by_hand()
    {
        // Every public string property and string method of both dialects is a statement (a method whose parameters
        // have no sample fails here): a new statement is checked without anyone adding it to this test.
        var names = Statements().Select(statement => statement.Name).ToList();
        Assert.True(names.Count >= 300, $"only {names.Count} statements were rendered");
        foreach (var member in new[] { "InsertOffsetIfMissing", "UpdateOffset", "AddTo(customer_orders, 64)", "AddTo(product_sales_daily__rebuild, 3)",
                     "CreateTable(order_summary__rebuild)", "CreateIndex(order_summary, ix_order_summary_customer)", "SetDesiredState(True)",
                     "SelectOrdersPage(True, False)", "InsertJournalRowsReturningOrdering(3)", "DeleteWhereIn(order_lines, order_id, 3)",
                     "SchemaLock", "SchemaUnlock", "SelectHighestSequenceNr", "SelectNewestSnapshotSequenceNr" })
        {
            Assert.Contains(member, names);
        }

        // The migration steps: every column added to a table, and each step's whole script.
        Assert.Contains(names, name => name.StartsWith("AddColumn(order_summary, ", StringComparison.Ordinal) && name.Contains("sales_channel"));
        Assert.Equal(ReadSchemaMigrations.All.Count, names.Count(name => name.StartsWith("Script(", StringComparison.Ordinal)));
    }

    /// <summary>Every string the two dialects render, with sample arguments for the ones that take some.</summary>
    private static IEnumerable<(string Name, string Sql)> Statements()
    {
        foreach (var target in new object[] { Sql, Dialect })
        {
            foreach (var member in StatementMembers(target.GetType()))
            {
                switch (member)
                {
                    case PropertyInfo property when property.GetValue(target) is string sql:
                        yield return (property.Name, sql);
                        break;
                    case MethodInfo method:
                        foreach (var arguments in SampleArguments(method))
                        {
                            yield return ($"{method.Name}({string.Join(", ", arguments)})", (string)method.Invoke(target, arguments)!);
                        }

                        break;
                }
            }
        }

        foreach (var (statement, i) in Sql.Schema(Tables).Select((statement, i) => (statement, i)))
        {
            yield return ($"Schema[{i}]", statement);
        }
    }

    /// <summary>The public members that render SQL: string properties, and methods returning a string, except those that take a connection string or render a type name.</summary>
    private static IEnumerable<MemberInfo> StatementMembers(Type type)
    {
        var flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var property in type.GetProperties(flags).Where(p => p.PropertyType == typeof(string)))
        {
            yield return property;
        }

        foreach (var method in type.GetMethods(flags).Where(m => m.ReturnType == typeof(string) && !m.IsSpecialName
                     && m.DeclaringType != typeof(object) && m.Name != nameof(ReadSideSql.TypeOf)
                     && !m.GetParameters().Any(p => p.Name!.Contains("connection", StringComparison.OrdinalIgnoreCase))))
        {
            yield return method;
        }
    }

    /// <summary>
    /// Arguments for every table (live and shadow): a table parameter takes each table in turn, and the parameters after
    /// it take values of that table (its columns, its indexes; a second table is the first one's other generation).
    /// </summary>
    private static IEnumerable<object[]> SampleArguments(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var tables = parameters.Any(p => p.ParameterType == typeof(ReadTable)) ? Tables.Cast<ReadTable?>() : [null];
        foreach (var table in tables)
        {
            IEnumerable<object[]> combinations = [[]];
            var tablesSeen = 0;
            foreach (var parameter in parameters)
            {
                object[] samples = parameter.ParameterType switch
                {
                    var t when t == typeof(int) => [1, 3, ReadSideSql.MaxRowsPerStatement],
                    var t when t == typeof(bool) => [false, true],
                    var t when t == typeof(ReadTable) => [tablesSeen++ == 0 ? table! : Counterpart(table!)],
                    var t when t == typeof(ReadIndex) => [.. table!.Indexes],
                    var t when t == typeof(ReadColumn) => [.. table!.Columns],
                    // A migration script: each step's statements, separated as DbUp's SQL Server runner expects.
                    var t when t == typeof(IEnumerable<string>) => [.. ReadSchemaMigrations.All.Select(migration => migration.Statements(Sql))],
                    var t when t == typeof(string) && table is not null => [.. table.Columns.Select(c => c.Name)],
                    var t => throw new InvalidOperationException($"{method.Name}: no sample for a {t.Name} parameter"),
                };
                combinations = combinations.SelectMany(prefix => samples.Select(sample => prefix.Append(sample).ToArray()));
            }

            foreach (var combination in combinations)
            {
                yield return combination;
            }
        }
    }

    private static ReadTable Counterpart(ReadTable table) =>
        ReadSchema.Tables.FirstOrDefault(live => live.Name == table.Name) is { } isLive
            ? isLive.In(ReadTables.Shadow)
            : ReadSchema.Tables.Single(live => live.In(ReadTables.Shadow).Name == table.Name);
}
