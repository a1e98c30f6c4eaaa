namespace MLNetDeep.AutoML;

/// <summary>
/// Receives the progress of an experiment (ML.NET AutoML's <c>IMonitor</c>). Calls are serialized by the experiment,
/// so an implementation need not be thread-safe even with <c>Parallelism</c> &gt; 1.
/// </summary>
public interface IMonitor
{
    /// <summary>A trial starts (or restarts after its worker died).</summary>
    void ReportRunningTrial(TrialSettings settings);

    /// <summary>A trial completed, or was pruned (<see cref="TrialResult.Status"/> says which); its per-epoch curve is in <see cref="TrialResult.Curve"/>.</summary>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>A completed trial became the best so far.</summary>
    void ReportBestTrial(TrialResult result);

    /// <summary>A trial threw; the study goes on.</summary>
    void ReportFailTrial(TrialSettings settings, Exception? exception = null);
}
