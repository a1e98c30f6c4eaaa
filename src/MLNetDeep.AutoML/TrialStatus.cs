namespace MLNetDeep.AutoML;

/// <summary>Where a trial stands in a study.</summary>
public enum TrialStatus
{
    /// <summary>Waiting for a worker: re-queued after its worker died or its run was cancelled.</summary>
    Queued = 0,

    /// <summary>Claimed by a worker that sends heartbeats while it trains.</summary>
    Running = 1,

    /// <summary>Trained and evaluated; has a loss and a metric.</summary>
    Completed = 2,

    /// <summary>Threw; the error is recorded and the study went on.</summary>
    Failed = 3,

    /// <summary>Stopped early by the pruner (Hyperband) after reporting weak per-epoch values.</summary>
    Pruned = 4,
}
