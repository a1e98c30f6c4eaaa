namespace MLNetDeep.AutoML.Stores;

using MLNetDeep.Neural.Training;

/// <summary>
/// Persists every trial of a study as it happens, and lets any number of workers share a study: trials are created and
/// claimed atomically (never run twice at once), running trials send heartbeats, and a trial whose worker stopped sending
/// them is re-queued by <see cref="RequeueStale"/> for another worker. Writes by a worker that no longer owns a trial
/// (it was re-queued) are refused and answer false, so every trial is finished exactly once.
/// Implementations: <see cref="InMemoryTrialStore"/>, <see cref="SqliteTrialStore"/> (one machine) and
/// <see cref="PostgresTrialStore"/> (any number of machines; claims with <c>SELECT ... FOR UPDATE SKIP LOCKED</c>).
/// </summary>
public interface ITrialStore
{
    /// <summary>
    /// Creates the study, or opens it when it exists with the same fingerprint and metric. When it exists with another,
    /// throws <see cref="StudyMismatchException"/>, unless <paramref name="forkOnMismatch"/>: then the study
    /// <c>name@fingerprint8</c> is created or opened instead. Returns the study actually opened.
    /// </summary>
    StudyDefinition OpenStudy(StudyDefinition study, bool forkOnMismatch = false);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyDefinition? GetStudy(string name);

    /// <summary>Every trial of the study, by trial id.</summary>
    IReadOnlyList<TrialRecord> GetTrials(string study);

    /// <summary>
    /// Atomically: when the study holds fewer than <paramref name="maxTrials"/> trials (any status; null for no limit),
    /// takes the next trial id, calls <paramref name="propose"/> with it and stores the trial as running, claimed by
    /// <paramref name="workerId"/>. Returns null when the limit is reached.
    /// </summary>
    TrialRecord? CreateTrial(string study, string workerId, int? maxTrials, DateTimeOffset now, Func<int, TrialProposal> propose);

    /// <summary>Atomically claims the queued trial with the lowest id for <paramref name="workerId"/> (status running, attempts + 1); null when none is queued.</summary>
    TrialRecord? ClaimQueued(string study, string workerId, DateTimeOffset now);

    /// <summary>Records that <paramref name="workerId"/> is still running the trial; false when it no longer owns it.</summary>
    bool Heartbeat(string study, int trialId, string workerId, DateTimeOffset now);

    /// <summary>Replaces the trial's per-epoch curve (and counts as a heartbeat); false when the worker no longer owns it.</summary>
    bool ReportEpochs(string study, int trialId, string workerId, IReadOnlyList<EpochRecord> curve, DateTimeOffset now);

    /// <summary>Finishes the trial (Completed, Failed or Pruned); false when the worker no longer owns it.</summary>
    bool Finish(string study, int trialId, string workerId, TrialOutcome outcome, DateTimeOffset now);

    /// <summary>
    /// Gives a running trial back to the queue (its run was cancelled or ran out of time); false when the worker no longer
    /// owns it. <paramref name="timeLimitStops"/>, when not null, replaces the trial's <see cref="TrialRecord.TimeLimitStops"/>. Default null.
    /// </summary>
    bool Release(string study, int trialId, string workerId, IReadOnlyList<double>? timeLimitStops = null);

    /// <summary>Re-queues running trials whose last heartbeat is older than <paramref name="timeout"/>; returns how many.</summary>
    int RequeueStale(string study, TimeSpan timeout, DateTimeOffset now);
}
