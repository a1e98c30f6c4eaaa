namespace MLNetDeep.Samples.HyperparameterTuning;

using MLNetDeep.AutoML;

/// <summary>An AutoML monitor that keeps every completed trial (trials finish on several threads).</summary>
internal sealed class TrialCollector : IMonitor
{
    private readonly Lock _lock = new();
    private readonly List<TrialResult> _completed = [];

    /// <summary>The completed trials, ordered by trial id.</summary>
    public IReadOnlyList<TrialResult> Completed
    {
        get
        {
            lock (_lock)
            {
                return _completed.GroupBy(t => t.TrialSettings.TrialId).Select(g => g.First()).OrderBy(t => t.TrialSettings.TrialId).ToArray();
            }
        }
    }

    public void ReportRunningTrial(TrialSettings settings)
    {
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        lock (_lock)
        {
            _completed.Add(result);
        }
    }

    public void ReportBestTrial(TrialResult result)
    {
    }

    public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
    {
    }
}
