namespace MLNetDeep.Legacy;

/// <summary>A progress or diagnostic message from a component (the context's <see cref="DeepContext.Log"/> event).</summary>
public sealed class LoggingEventArgs : EventArgs
{
    internal LoggingEventArgs(string source, string message)
    {
        Source = source;
        Message = message;
    }

    /// <summary>The component that wrote it, e.g. <c>FeedForwardBinaryTrainer</c>.</summary>
    public string Source { get; }

    /// <summary>The message.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"[{Source}] {Message}";
}
