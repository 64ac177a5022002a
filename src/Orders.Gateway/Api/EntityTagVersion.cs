using System.Globalization;

namespace Orders.Gateway.Api;

/// <summary>Reads an order version from an entity tag: <c>"3"</c>, <c>W/"3"</c> or a bare <c>3</c>.</summary>
public static class EntityTagVersion
{
    public static bool TryParse(string? value, out long version)
    {
        version = 0;
        var text = value?.Trim() ?? "";
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
