using System.Data.Common;

namespace Orders.Projections.Storage;

/// <summary>Builds parameterized commands; values are never spliced into SQL text.</summary>
public static class DbCommandExtensions
{
    public static DbCommand CreateCommand(
        this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Bind(command.CreateParameter, parameters);
        return command;
    }

    /// <summary>Adds each named value (null as DBNull) to a command's or a batch command's parameters.</summary>
    public static void Bind(this DbParameterCollection target, Func<DbParameter> create, IEnumerable<(string Name, object? Value)> values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            target.Add(parameter);
        }
    }

    public static DateTimeOffset? GetNullableUtcTimestamp(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcTimestamp(ordinal);

    /// <summary>Reads a timestamp as UTC whatever the provider returns (text, DateTime or DateTimeOffset).</summary>
    public static DateTimeOffset GetUtcTimestamp(this DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            DateTimeOffset value => value.ToUniversalTime(),
            DateTime value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)),
            string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(),
            var other => throw new InvalidCastException($"column {reader.GetName(ordinal)} holds {other.GetType().Name}, not a timestamp"),
        };

    /// <summary>Reads money exactly; SQLite may hand back a REAL, which is rounded to the stored two decimals.</summary>
    public static decimal GetMoney(this DbDataReader reader, int ordinal) =>
        decimal.Round(Convert.ToDecimal(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture), 2);
}
