using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orders.Testing;

/// <summary>
/// A logger provider that keeps every entry with its structured properties (the message template's values and those
/// of the scopes around it), so that tests can assert what a log line carries, not just its text.
/// </summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>();
            void Collect(object? values)
            {
                if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        properties[key] = value;
                    }
                }
            }

            owner._scopes.ForEachScope((scope, _) => Collect(scope), (object?)null);
            Collect(state);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), properties));
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties);
