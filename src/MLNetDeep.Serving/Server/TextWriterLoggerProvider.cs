namespace MLNetDeep.Serving.Server;

using Microsoft.Extensions.Logging;

/// <summary>
/// The model server's log: one line per message on a <see cref="TextWriter"/> (standard error by default), written at
/// once under a lock so that lines never interleave and nothing is lost at exit.
/// </summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(this);

    public void Dispose()
    {
    }

    /// <summary>Writes one entry: <c>HH:mm:ss.fff level message</c>, then the exception: whole (with its stack) for errors, its message otherwise.</summary>
    internal void Write(LogLevel level, string message, Exception? exception)
    {
        string line = $"{time.GetUtcNow():HH:mm:ss.fff} {Level(level)} {message}";
        if (exception is not null)
        {
            line += level >= LogLevel.Error ? Environment.NewLine + exception : " " + exception.Message;
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
