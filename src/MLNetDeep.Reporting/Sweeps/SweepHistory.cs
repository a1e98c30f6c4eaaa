namespace MLNetDeep.Reporting.Sweeps;

/// <summary>
/// A hyperparameter sweep as the sweep charts and report section read it: plain data, with no dependency on the
/// sweeper. MLNetDeep.AutoML produces it (<c>SweepExperiment.GetSweepHistory()</c>); another sweeper can fill it in too.
/// "Best" means the lowest <see cref="SweepTrial.Loss"/>, as the tuners rank trials.
/// </summary>
/// <param name="MetricName">The optimized metric's name, e.g. <c>Accuracy</c> (axis labels and tables).</param>
/// <param name="Axes">The search space's parameters, in order: one axis each.</param>
/// <param name="Trials">Every trial of the study, in any order.</param>
public sealed record SweepHistory(string MetricName, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepTrial> Trials)
{
    /// <summary>The study's name, or null. Default null.</summary>
    public string? Study { get; init; }

    /// <summary>Each parameter's share of the loss variance it explains alone (they sum to 1 or are all 0), most important first; empty when not measured. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Importance { get; init; } = [];

    /// <summary>The completed trials with a finite metric (what the charts draw).</summary>
    public IEnumerable<SweepTrial> Completed => Trials.Where(t => t.Status == SweepTrialStatus.Completed && t.Metric is double m && double.IsFinite(m));

    /// <summary>The completed trial with the lowest finite loss (ties: the lower id), or null.</summary>
    public SweepTrial? Best => Completed.Where(t => t.Loss is double l && double.IsFinite(l)).OrderBy(t => t.Loss).ThenBy(t => t.Id).FirstOrDefault();
}
