using System.Data.Common;

namespace Orders.Projections.Storage;

/// <summary>Reads the read tables' values the same way on every provider (commands are built by Orders.Contracts' <c>DbCommands</c>).</summary>
public static class DbCommandExtensions
{
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
