namespace Orders.Cli;

/// <summary>Positional words and <c>--name value</c> options; <c>--json</c>-style switches take no value.</summary>
public sealed class ParsedArguments
{
    private static readonly HashSet<string> Switches = ["json", "help", "follow", "status"];
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _switches = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Words { get; } = [];

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Words.Add(args[i]);
                continue;
            }

            var name = args[i][2..];
            if (Switches.Contains(name))
            {
                parsed._switches.Add(name);
            }
            else if (i + 1 < args.Count)
            {
                parsed._options[name] = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value");
            }
        }

        return parsed;
    }

    public bool Has(string @switch) => _switches.Contains(@switch);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public long? Number(string name, long min)
    {
        if (Option(name) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, out var value) && value >= min
            ? value
            : throw new UsageException($"--{name} must be a whole number of at least {min}, not '{text}'");
    }

    /// <summary>Fails on options this command does not know, so that a typo is never silently ignored.</summary>
    public void Allow(params string[] names)
    {
        var unknown = _options.Keys.Concat(_switches).Except(names.Concat(["provider", "connection-string", "read-connection-string"]),
            StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
