namespace MLNetDeep.AutoML.Stores;

using MLNetDeep.Neural.Training;

/// <summary>How a trial ended, as written by <see cref="ITrialStore.Finish"/>.</summary>
public sealed record TrialOutcome
{
    /// <summary>Completed, Failed or Pruned.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>The loss (lower is better), when completed.</summary>
    public double? Loss { get; init; }

    /// <summary>The metric, when completed.</summary>
    public double? Metric { get; init; }

    /// <summary>Wall time in milliseconds.</summary>
    public double DurationInMilliseconds { get; init; }

    /// <summary>Peak managed memory in MiB.</summary>
    public double PeakMemoryInMegaByte { get; init; }

    /// <summary>The error of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>The per-epoch curve.</summary>
    public IReadOnlyList<EpochRecord> Curve { get; init; } = [];

    /// <summary>Throws unless <paramref name="outcome"/> ends its trial as Completed, Failed or Pruned (every store's <see cref="ITrialStore.Finish"/> checks it).</summary>
    internal static void CheckFinal(TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status is not (TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned))
        {
            throw new ArgumentException($"A trial finishes as Completed, Failed or Pruned, not {outcome.Status}.", nameof(outcome));
        }
    }
}
