namespace MLNetDeep.Neural.Training;

/// <summary>The outcome of a training run.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(IReadOnlyList<EpochRecord> history, int bestEpoch, bool stoppedEarly, string metricName)
    {
        History = history;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        MetricName = metricName;
    }

    /// <summary>One record per epoch trained (including epochs from before a resume).</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>The epoch (from 1) with the lowest monitored loss.</summary>
    public int BestEpoch { get; }

    /// <summary>True when early stopping, or a progress handler, ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The metric's name: <c>accuracy</c> or <c>mse</c>.</summary>
    public string MetricName { get; }
}
