using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Orders.Cluster.Configuration;
using Orders.Cluster.Database;
using Orders.Projections.Rebuild;

namespace Orders.Projections.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so every statement the service renders for it is checked by Microsoft's
/// own T-SQL parser (SQL Server 2022 grammar): each statement and DDL string of the SQL Server dialect, for the live
/// read tables and for a rebuild's shadow tables. Parsing proves the syntax, not the semantics (names and types are
/// checked only by a server).
/// </summary>
public sealed class SqlServerStatementTests
{
    private static readonly SqlDialect Dialect = SqlDialect.For(DatabaseProvider.SqlServer);

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
        // A guard on the test itself: PostgreSQL-isms do not pass.
        new TSql160Parser(true).Parse(new StringReader("SELECT order_id FROM order_summary LIMIT 10"), out var errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_statements_are_found_by_reflection_not_listed_by_hand()
    {
        // Every public string property and string method of the dialect is a statement (a method whose parameters
        // have no sample fails the theory's data): a new statement is checked without anyone adding it here.
        Assert.True(StatementMembers().Count() >= 40, $"only {StatementMembers().Count()} statement members were found");
        Assert.Contains(Statements(), statement => statement.Name == nameof(SqlDialect.InsertOffsetIfMissing));
    }

    /// <summary>Every string the dialect renders, with sample arguments for the ones that take some.</summary>
    private static IEnumerable<(string Name, string Sql)> Statements()
    {
        foreach (var member in StatementMembers())
        {
            switch (member)
            {
                case PropertyInfo property when property.GetValue(Dialect) is string sql:
                    yield return (property.Name, sql);
                    break;
                case MethodInfo method:
                    foreach (var arguments in SampleArguments(method))
                    {
                        yield return ($"{method.Name}({string.Join(", ", arguments)})", (string)method.Invoke(Dialect, arguments)!);
                    }

                    break;
            }
        }

        for (var i = 0; i < Dialect.ReadModelSchema.Count; i++)
        {
            yield return ($"{nameof(SqlDialect.ReadModelSchema)}[{i}]", Dialect.ReadModelSchema[i]);
            yield return ($"{nameof(SqlDialect.ReadModelSchema)}[{i}] (shadow)", ReadTables.Shadow.Rewrite(Dialect.ReadModelSchema[i]));
        }
    }

    /// <summary>The dialect's public members that render SQL: string properties, and methods returning a string that take no connection string.</summary>
    private static IEnumerable<MemberInfo> StatementMembers()
    {
        var flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var property in Dialect.GetType().GetProperties(flags).Where(p => p.PropertyType == typeof(string)))
        {
            yield return property;
        }

        foreach (var method in Dialect.GetType().GetMethods(flags).Where(m => m.ReturnType == typeof(string) && !m.IsSpecialName
                     && m.DeclaringType != typeof(object)
                     && !m.GetParameters().Any(p => p.Name!.Contains("connection", StringComparison.OrdinalIgnoreCase))))
        {
            yield return method;
        }
    }

    private static IEnumerable<object[]> SampleArguments(MethodInfo method)
    {
        var parameters = method.GetParameters();
        IEnumerable<object[]> combinations = [[]];
        foreach (var parameter in parameters)
        {
            object[] samples = parameter.ParameterType switch
            {
                var t when t == typeof(int) => [1, 3],
                var t when t == typeof(bool) => [false, true],
                var t when t == typeof(string) => ["order_summary", "order_summary" + ReadTables.ShadowSuffix],
                var t => throw new InvalidOperationException($"{method.Name}: no sample for a {t.Name} parameter"),
            };
            combinations = combinations.SelectMany(prefix => samples.Select(sample => prefix.Append(sample).ToArray()));
        }

        return combinations;
    }
}
