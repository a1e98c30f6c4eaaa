namespace MLNetDeep.AutoML.Tests;

/// <summary>Records every monitor call and the most trials seen running at once.</summary>
internal sealed class RecordingMonitor : ISweepMonitor
{
    private int _running;

    public List<SweepTrialSettings> Running { get; } = [];

    public List<SweepTrialResult> Completed { get; } = [];

    public List<SweepTrialResult> Best { get; } = [];

    public List<(SweepTrialSettings Settings, Exception? Error)> Failed { get; } = [];

    public List<SweepWait> Waits { get; } = [];

    public int MaxConcurrent { get; private set; }

    public void ReportRunningTrial(SweepTrialSettings settings)
    {
        Running.Add(settings);
        MaxConcurrent = Math.Max(MaxConcurrent, ++_running);
    }

    public void ReportCompletedTrial(SweepTrialResult result)
    {
        Completed.Add(result);
        _running--;
    }

    public void ReportBestTrial(SweepTrialResult result) => Best.Add(result);

    public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null)
    {
        Failed.Add((settings, exception));
        _running--;
    }

    public void ReportWaiting(SweepWait wait) => Waits.Add(wait);
}
