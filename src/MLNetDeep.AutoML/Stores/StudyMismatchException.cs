namespace MLNetDeep.AutoML.Stores;

/// <summary>Thrown when a study is opened with a search space (or metric) other than the one it was created with.</summary>
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

    internal static StudyMismatchException For(StudyDefinition existing, StudyDefinition requested)
    {
        string what = existing.Fingerprint != requested.Fingerprint
            ? $"its search space has fingerprint {existing.Fingerprint}, the experiment's has {requested.Fingerprint}"
            : $"it optimizes {existing.Metric} ({existing.Direction}), the experiment {requested.Metric} ({requested.Direction})";
        return new StudyMismatchException(
            $"Study '{existing.Name}' exists but {what}. Resuming would mix incompatible trials, so it is refused. " +
            $"Use another study name, restore the original search space, or fork a new study (ForkOnMismatch / --fork).");
    }

    internal static string ForkName(StudyDefinition requested) => $"{requested.Name}@{requested.Fingerprint[..Math.Min(8, requested.Fingerprint.Length)]}";
}
