namespace MLNetDeep.AutoML.Tests;

/// <summary>Records every monitor call and the most trials seen running at once.</summary>
internal sealed class RecordingMonitor : IMonitor
{
    private int _running;

    public List<TrialSettings> Running { get; } = [];

    public List<TrialResult> Completed { get; } = [];

    public List<TrialResult> Best { get; } = [];

    public List<(TrialSettings Settings, Exception? Error)> Failed { get; } = [];

    public int MaxConcurrent { get; private set; }

    public void ReportRunningTrial(TrialSettings settings)
    {
        Running.Add(settings);
        MaxConcurrent = Math.Max(MaxConcurrent, ++_running);
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        Completed.Add(result);
        _running--;
    }

    public void ReportBestTrial(TrialResult result) => Best.Add(result);

    public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
    {
        Failed.Add((settings, exception));
        _running--;
    }
}
