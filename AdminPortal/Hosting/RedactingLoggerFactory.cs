using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminPortal.Hosting;

internal static class LogRedactionServices
{
    /// <summary>Replaces the registered <see cref="ILoggerFactory"/>, so nothing can log around the redaction.</summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.AddSingleton<LogRedaction>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
            new RedactingLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(sp), sp.GetRequiredService<LogRedaction>())));
        return services;
    }
}

/// <summary>
/// Wraps the framework's logger factory so every logger, whatever its category or level, hands providers only redacted text:
/// the formatted message, each structured value, scopes and exception text. Provider filters keep working because the framework
/// factory still makes the real loggers.
/// </summary>
internal sealed class RedactingLoggerFactory(LoggerFactory inner, LogRedaction redaction) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redaction);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, LogRedaction redaction) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(RedactedState.From(state, redaction));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var message = redaction.Redact(formatter(state, exception));
            var redacted = RedactedState.From(state, redaction) with { Message = message };
            inner.Log(logLevel, eventId, redacted, RedactedException.From(exception, redaction), static (s, _) => s.Message);
        }
    }

    /// <summary>The structured values of a log call with every string (and every value printed as a string) redacted.</summary>
    private sealed record RedactedState(IReadOnlyList<KeyValuePair<string, object?>> Values, string Message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public static RedactedState From(object? state, LogRedaction redaction)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key, RedactValue(p.Value, redaction))).ToList()
                : [];
            return new RedactedState(values, redaction.Redact(state?.ToString() ?? ""));
        }

        // Numbers, flags and times cannot hold a code or token; anything else is kept only as its redacted text.
        private static object? RedactValue(object? value, LogRedaction redaction) => value switch
        {
            null or bool or int or long or double or decimal or float or short or byte or DateTime or DateTimeOffset or TimeSpan or Guid or Enum => value,
            string text => redaction.Redact(text),
            IEnumerable sequence and not IFormattable => string.Join(", ", sequence.Cast<object?>().Select(v => redaction.Redact(v?.ToString() ?? ""))),
            _ => redaction.Redact(value.ToString() ?? ""),
        };

        public KeyValuePair<string, object?> this[int index] => Values[index];

        public int Count => Values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>An exception whose text held a code, token or secret, kept as its redacted text (type, message and stack).</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public static Exception? From(Exception? exception, LogRedaction redaction)
        {
            if (exception is null)
            {
                return null;
            }
            var text = exception.ToString();
            var redacted = redaction.Redact(text);
            return redacted == text ? exception : new RedactedException(redacted);
        }

        public override string ToString() => Message;
    }
}
