namespace MLNetDeep.Reporting.Sweeps;

/// <summary>How a trial of a sweep ended, or that it has not.</summary>
public enum SweepTrialStatus
{
    /// <summary>Trained and scored: it has a metric and a loss.</summary>
    Completed = 0,

    /// <summary>Stopped early by a pruner.</summary>
    Pruned = 1,

    /// <summary>Threw.</summary>
    Failed = 2,

    /// <summary>Queued or running.</summary>
    Unfinished = 3,
}
