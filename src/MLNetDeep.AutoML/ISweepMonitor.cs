namespace MLNetDeep.AutoML;

/// <summary>
/// Receives the progress of an experiment (Microsoft.ML.AutoML's <c>IMonitor</c>, named apart so that both namespaces
/// can be imported together). Calls are serialized by the experiment, so an implementation need not be thread-safe even
/// with <c>Parallelism</c> &gt; 1.
/// </summary>
public interface ISweepMonitor
{
    /// <summary>A trial starts (or restarts after its worker died).</summary>
    void ReportRunningTrial(SweepTrialSettings settings);

    /// <summary>A trial completed, or was pruned (<see cref="SweepTrialResult.Status"/> says which); its per-epoch curve is in <see cref="SweepTrialResult.Curve"/>.</summary>
    void ReportCompletedTrial(SweepTrialResult result);

    /// <summary>
    /// A completed trial became the best so far: one of this run (with its <see cref="SweepTrialResult.Model"/>) or, when
    /// the run starts or learns of other workers' trials, one of an earlier run or another worker (its model null).
    /// </summary>
    void ReportBestTrial(SweepTrialResult result);

    /// <summary>A trial threw; the study goes on.</summary>
    void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null);

    /// <summary>
    /// The study has all its trials and this run waits for one it did not start: running in another worker, or left
    /// running by a worker that died (killed, say, with kill -9), which is re-queued once its heartbeat is older than
    /// the timeout. Reported once per trial and attempt; <see cref="SweepWait.ToString"/> says it in a sentence. The
    /// default does nothing.
    /// </summary>
    void ReportWaiting(SweepWait wait)
    {
    }
}
