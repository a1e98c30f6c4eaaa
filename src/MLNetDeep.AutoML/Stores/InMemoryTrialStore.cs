namespace MLNetDeep.AutoML.Stores;

using MLNetDeep.Neural.Training;

/// <summary>A thread-safe <see cref="ITrialStore"/> in memory: shared by the threads of one process, gone when it ends. The experiment's default.</summary>
public sealed class InMemoryTrialStore : ITrialStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StudyDefinition> _studies = [];
    private readonly Dictionary<string, List<TrialRecord>> _trials = [];

    /// <inheritdoc/>
    public StudyDefinition OpenStudy(StudyDefinition study, bool forkOnMismatch = false)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_lock)
        {
            return StudyOpener.Open(study, forkOnMismatch, name => _studies.GetValueOrDefault(name), s =>
            {
                _studies[s.Name] = s;
                _trials[s.Name] = [];
                return s;
            }, s => _studies[s.Name] = s);
        }
    }

    /// <inheritdoc/>
    public StudyDefinition? GetStudy(string name)
    {
        lock (_lock)
        {
            return _studies.GetValueOrDefault(name);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(string study)
    {
        lock (_lock)
        {
            return [.. Trials(study)];
        }
    }

    /// <inheritdoc/>
    public TrialRecord? CreateTrial(string study, string workerId, int? maxTrials, DateTimeOffset now, Func<int, TrialProposal> propose)
    {
        ArgumentNullException.ThrowIfNull(propose);
        lock (_lock)
        {
            var trials = Trials(study);
            if (maxTrials is int max && trials.Count >= max)
            {
                return null;
            }

            var record = TrialRecord.Created(study, trials.Count, propose(trials.Count), workerId, now);
            trials.Add(record);
            return record;
        }
    }

    /// <inheritdoc/>
    public TrialRecord? ClaimQueued(string study, string workerId, DateTimeOffset now)
    {
        lock (_lock)
        {
            var trials = Trials(study);
            int i = trials.FindIndex(t => t.Status == TrialStatus.Queued);
            if (i < 0)
            {
                return null;
            }

            return trials[i] = trials[i] with { Status = TrialStatus.Running, WorkerId = workerId, HeartbeatAt = now, Attempts = trials[i].Attempts + 1, Curve = [] };
        }
    }

    /// <inheritdoc/>
    public bool Heartbeat(string study, int trialId, string workerId, DateTimeOffset now) =>
        UpdateOwned(study, trialId, workerId, t => t with { HeartbeatAt = now });

    /// <inheritdoc/>
    public bool ReportEpochs(string study, int trialId, string workerId, IReadOnlyList<EpochRecord> curve, DateTimeOffset now) =>
        UpdateOwned(study, trialId, workerId, t => t with { HeartbeatAt = now, Curve = [.. curve] });

    /// <inheritdoc/>
    public bool Finish(string study, int trialId, string workerId, TrialOutcome outcome, DateTimeOffset now)
    {
        TrialOutcome.CheckFinal(outcome);
        return UpdateOwned(study, trialId, workerId, t => t with
        {
            Status = outcome.Status, Loss = outcome.Loss, Metric = outcome.Metric, DurationInMilliseconds = outcome.DurationInMilliseconds,
            PeakMemoryInMegaByte = outcome.PeakMemoryInMegaByte, Error = outcome.Error, Curve = [.. outcome.Curve], FinishedAt = now, HeartbeatAt = now,
        });
    }

    /// <inheritdoc/>
    public bool Release(string study, int trialId, string workerId, IReadOnlyList<double>? timeLimitStops = null) =>
        UpdateOwned(study, trialId, workerId, t => t with { Status = TrialStatus.Queued, WorkerId = null, Curve = [], TimeLimitStops = [.. timeLimitStops ?? t.TimeLimitStops] });

    /// <inheritdoc/>
    public int RequeueStale(string study, TimeSpan timeout, DateTimeOffset now)
    {
        lock (_lock)
        {
            var trials = Trials(study);
            int count = 0;
            for (int i = 0; i < trials.Count; i++)
            {
                if (trials[i].Status == TrialStatus.Running && trials[i].HeartbeatAt < now - timeout)
                {
                    trials[i] = trials[i] with { Status = TrialStatus.Queued, WorkerId = null, Curve = [] };
                    count++;
                }
            }

            return count;
        }
    }

    private bool UpdateOwned(string study, int trialId, string workerId, Func<TrialRecord, TrialRecord> update)
    {
        lock (_lock)
        {
            var trials = Trials(study);
            if (trialId < 0 || trialId >= trials.Count || trials[trialId].Status != TrialStatus.Running || trials[trialId].WorkerId != workerId)
            {
                return false;
            }

            trials[trialId] = update(trials[trialId]);
            return true;
        }
    }

    private List<TrialRecord> Trials(string study) =>
        _trials.TryGetValue(study, out var t) ? t : throw StudyOpener.NoStudy(study);
}
