namespace MLNetDeep.AutoML;

using MLNetDeep.Neural.Training;

/// <summary>
/// The outcome of a trial (ML.NET AutoML's <c>TrialResult</c>), also what tuners learn from. Completed trials have a
/// loss and a metric; pruned ones their per-epoch curve; failed ones an error.
/// </summary>
public sealed record TrialResult
{
    /// <summary>What the trial ran with.</summary>
    public required TrialSettings TrialSettings { get; init; }

    /// <summary>How it ended: Completed, Failed or Pruned.</summary>
    public TrialStatus Status { get; init; } = TrialStatus.Completed;

    /// <summary>The trained model; null for trials that did not complete in this process (earlier runs, other workers).</summary>
    public ITransformer? Model { get; init; }

    /// <summary>Lower is better: the metric itself for LogLoss and the error metrics, 1 - metric for accuracies, AUC, F1 and R-squared. NaN unless completed.</summary>
    public double Loss { get; init; } = double.NaN;

    /// <summary>The optimized metric on the validation data (the mean over folds with cross-validation). NaN unless completed.</summary>
    public double Metric { get; init; } = double.NaN;

    /// <summary>Wall time of the trial in milliseconds.</summary>
    public double DurationInMilliseconds { get; init; }

    /// <summary>The largest managed heap size seen at the ends of the trial's epochs, in MiB; process-wide, so parallel trials share it.</summary>
    public double PeakMemoryInMegaByte { get; init; }

    /// <summary>Per-epoch measurements (of the first fold with cross-validation); what the pruner judged.</summary>
    public IReadOnlyList<EpochRecord> Curve { get; init; } = [];

    /// <summary>The error of a failed trial, else null.</summary>
    public string? Error { get; init; }
}
