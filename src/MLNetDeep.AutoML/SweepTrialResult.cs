namespace MLNetDeep.AutoML;

using Microsoft.ML;
using MLNetDeep.Neural.Training;

/// <summary>
/// The outcome of a trial (Microsoft.ML.AutoML's <c>TrialResult</c>, named apart so that both namespaces can be imported
/// together), also what tuners learn from. Completed trials have a loss and a metric; pruned ones their per-epoch
/// curve; failed ones an error.
/// </summary>
public sealed record SweepTrialResult
{
    /// <summary>What the trial ran with.</summary>
    public required SweepTrialSettings TrialSettings { get; init; }

    /// <summary>How it ended: Completed, Failed or Pruned. Default Completed.</summary>
    public TrialStatus Status { get; init; } = TrialStatus.Completed;

    /// <summary>
    /// The fitted ML.NET model (save it with <c>ml.Model.Save</c>); null for trials that did not complete in this process
    /// (earlier runs, other workers: <see cref="SweepExperiment.Refit"/> fits one again). The experiment disposes the
    /// model of a trial of this run once another trial has become the best; the best trial's model is the caller's to
    /// dispose. Default null.
    /// </summary>
    public ITransformer? Model { get; init; }

    /// <summary>Lower is better: 1 - metric for maximized ML.NET metrics (accuracies, AUC, F1, R-squared...), -metric for a maximized custom metric, the metric itself for minimized ones. NaN unless completed. Default NaN.</summary>
    public double Loss { get; init; } = double.NaN;

    /// <summary>The optimized metric on the validation data (the mean over folds with cross-validation). NaN unless completed. Default NaN.</summary>
    public double Metric { get; init; } = double.NaN;

    /// <summary>Wall time of the trial in milliseconds. Default 0.</summary>
    public double DurationInMilliseconds { get; init; }

    /// <summary>The largest managed heap size seen during the trial (at its epoch ends and its end), in MiB; process-wide, so parallel trials share it. Default 0.</summary>
    public double PeakMemoryInMegaByte { get; init; }

    /// <summary>
    /// Per-epoch measurements of MLNetDeep's feed-forward trainer in the pipeline (of the first fold with
    /// cross-validation); what the pruner judged. Empty for pipelines without it. Default empty.
    /// </summary>
    public IReadOnlyList<EpochRecord> Curve { get; init; } = [];

    /// <summary>The error of a failed trial, else null. Default null.</summary>
    public string? Error { get; init; }
}
