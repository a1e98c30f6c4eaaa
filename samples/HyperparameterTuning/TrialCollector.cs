namespace MLNetDeep.Samples.HyperparameterTuning;

using MLNetDeep.AutoML;

/// <summary>A sweep monitor that keeps every completed trial (trials finish on several threads).</summary>
internal sealed class TrialCollector : ISweepMonitor
{
    private readonly Lock _lock = new();
    private readonly List<SweepTrialResult> _completed = [];

    /// <summary>The completed trials, ordered by trial id.</summary>
    public IReadOnlyList<SweepTrialResult> Completed
    {
        get
        {
            lock (_lock)
            {
                return _completed.GroupBy(t => t.TrialSettings.TrialId).Select(g => g.First()).OrderBy(t => t.TrialSettings.TrialId).ToArray();
            }
        }
    }

    public void ReportRunningTrial(SweepTrialSettings settings)
    {
    }

    public void ReportCompletedTrial(SweepTrialResult result)
    {
        lock (_lock)
        {
            _completed.Add(result);
        }
    }

    public void ReportBestTrial(SweepTrialResult result)
    {
    }

    public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null)
    {
    }
}
