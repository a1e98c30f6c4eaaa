namespace MLNetDeep.Serving;

using Microsoft.Extensions.Logging;

/// <summary>The log messages of MLNetDeep.Serving (source-generated, so logging allocates nothing when disabled).</summary>
internal static partial class ServingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Model '{Model}' generation {Generation} loaded from '{Path}' (SHA-256 {Sha256}).")]
    public static partial void ModelLoaded(ILogger logger, string model, long generation, string path, string sha256);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Model '{Model}': the changed file '{Path}' could not be loaded, so generation {Generation} keeps serving. {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string model, string path, long generation, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Model '{Model}': the file '{Path}' could not be read yet ({Reason}); waiting for the next change.")]
    public static partial void ReadDeferred(ILogger logger, string model, string path, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Model '{Model}': the file '{Path}' is gone, so generation {Generation} keeps serving until a model file appears there again.")]
    public static partial void FileMissing(ILogger logger, string model, string path, long generation);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Prediction with model '{Model}' failed.")]
    public static partial void PredictionFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Listening on {Urls}{Scope}{Auth}.")]
    public static partial void Listening(ILogger logger, string urls, string scope, string auth);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Serving '{Model}' at POST {Url}")]
    public static partial void Serving(ILogger logger, string model, string url);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Stopping: /readyz answers 503 and every answer closes its connection; still accepting for {Seconds:0.#} s so that load balancers and clients move away.")]
    public static partial void Stopping(ILogger logger, double seconds);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "No longer accepting connections; waiting up to {Seconds:0.#} s for {InFlight} request(s) in flight ({Connections} connection(s) open).")]
    public static partial void StoppedAccepting(ILogger logger, double seconds, int connections, int inFlight);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Stopped: every request was answered.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Stopped after the {Seconds:0.#} s shutdown timeout: {InFlight} request(s) were cut off.")]
    public static partial void StoppedWithRequestsCutOff(ILogger logger, double seconds, int inFlight);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Model '{Model}' generation {Generation} reads different inputs from generation {Previous}: {Change}. Requests shaped for the old model are now answered 400.")]
    public static partial void InputsChanged(ILogger logger, string model, long generation, long previous, string change);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Milliseconds:0.###} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, double milliseconds);
}
