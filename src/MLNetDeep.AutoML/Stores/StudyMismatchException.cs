namespace MLNetDeep.AutoML.Stores;

/// <summary>
/// Thrown when a study is opened with a search space, metric, data, seed or tuner other than the one it was created
/// with: resuming it would mix incompatible trials.
/// </summary>
public sealed class StudyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StudyMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StudyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public StudyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private StudyMismatchException(string message, StudyDefinition existing, StudyDefinition requested)
        : base(message)
    {
        Existing = existing;
        Requested = requested;
    }

    /// <summary>The study as stored, or null when the exception was not raised by a store.</summary>
    public StudyDefinition? Existing { get; }

    /// <summary>The study the experiment asked for, or null when the exception was not raised by a store.</summary>
    public StudyDefinition? Requested { get; }

    /// <summary>The study a fork would open instead (<see cref="StudyDefinition.ForkName"/> of the request), or null.</summary>
    public string? ForkName => Requested?.ForkName;

    /// <summary>How the request differs from the stored study, one phrase each (empty when not raised by a store).</summary>
    public IReadOnlyList<string> Differences => Existing is null || Requested is null ? [] : Existing.Differences(Requested);

    internal static StudyMismatchException For(StudyDefinition existing, StudyDefinition requested) => new(
        $"Study '{existing.Name}' exists but {string.Join("; ", existing.Differences(requested))}. Resuming would mix incompatible trials, so it is refused. " +
        $"Use another study name, run it as it was, or fork the new study '{requested.ForkName}' (ForkOnMismatch / --fork).",
        existing, requested);
}
