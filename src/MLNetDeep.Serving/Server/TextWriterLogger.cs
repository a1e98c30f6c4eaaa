namespace MLNetDeep.Serving.Server;

using Microsoft.Extensions.Logging;

/// <summary>A logger writing through its <see cref="TextWriterLoggerProvider"/> (the category is not written: the messages say what they are about).</summary>
internal sealed class TextWriterLogger(TextWriterLoggerProvider provider) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            provider.Write(logLevel, formatter(state, exception), exception);
        }
    }
}
