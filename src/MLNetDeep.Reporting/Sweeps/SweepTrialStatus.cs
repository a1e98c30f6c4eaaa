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

    /// <summary>Not finished: queued (or running, from a sweeper that does not tell the two apart).</summary>
    Unfinished = 3,

    /// <summary>Running on a worker, not finished yet.</summary>
    Running = 4,
}
