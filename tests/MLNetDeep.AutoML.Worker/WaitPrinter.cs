namespace MLNetDeep.AutoML.Worker;

/// <summary>Prints what the worker waits for (one line per notice) and nothing else.</summary>
internal sealed class WaitPrinter : ISweepMonitor
{
    public void ReportRunningTrial(SweepTrialSettings settings)
    {
    }

    public void ReportCompletedTrial(SweepTrialResult result)
    {
    }

    public void ReportBestTrial(SweepTrialResult result)
    {
    }

    public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null)
    {
    }

    public void ReportWaiting(SweepWait wait) => Console.WriteLine(wait);
}
