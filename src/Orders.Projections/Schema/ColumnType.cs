namespace Orders.Projections.Schema;

public enum ColumnKind
{
    /// <summary>Text of at most <see cref="ColumnType.Length"/> characters (keys, names, codes).</summary>
    Text,

    /// <summary>Text of exactly <see cref="ColumnType.Length"/> characters (a currency code).</summary>
    FixedText,

    /// <summary>Text without a bound (JSON, error messages).</summary>
    LongText,
    Int32,
    Int64,

    /// <summary>An exact decimal with two places: never a float.</summary>
    Money,

    /// <summary>A point in time with its offset, stored in UTC.</summary>
    Timestamp,
    Date,
}

/// <summary>What a read column holds. Each provider renders it as its own type (see <c>ReadSideSql.TypeOf</c>).</summary>
public readonly record struct ColumnType(ColumnKind Kind, int Length = 0)
{
    public static readonly ColumnType LongText = new(ColumnKind.LongText);
    public static readonly ColumnType Int32 = new(ColumnKind.Int32);
    public static readonly ColumnType Int64 = new(ColumnKind.Int64);
    public static readonly ColumnType Money = new(ColumnKind.Money);
    public static readonly ColumnType Timestamp = new(ColumnKind.Timestamp);
    public static readonly ColumnType Date = new(ColumnKind.Date);

    public static ColumnType Text(int length) => new(ColumnKind.Text, length);

    public static ColumnType FixedText(int length) => new(ColumnKind.FixedText, length);
}
