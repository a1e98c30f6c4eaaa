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

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Prediction with model '{Model}' failed.")]
    public static partial void PredictionFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Serving {Count} model(s) on {Urls}{Auth}.")]
    public static partial void Serving(ILogger logger, int count, string urls, string auth);
}
