namespace MLNetDeep.AutoML.Tests;

using MLNetDeep.AutoML.Stores;
using MLNetDeep.Neural.Training;

/// <summary>An in-memory store that also records the length of every curve a worker reports while its trial runs.</summary>
internal sealed class EpochRecordingStore : ITrialStore
{
    private readonly InMemoryTrialStore _inner = new();

    public List<int> ReportedCurveLengths { get; } = [];

    public StudyDefinition OpenStudy(StudyDefinition study, bool forkOnMismatch = false) => _inner.OpenStudy(study, forkOnMismatch);

    public StudyDefinition? GetStudy(string name) => _inner.GetStudy(name);

    public IReadOnlyList<TrialRecord> GetTrials(string study) => _inner.GetTrials(study);

    public TrialRecord? CreateTrial(string study, string workerId, int? maxTrials, DateTimeOffset now, Func<int, TrialProposal> propose) =>
        _inner.CreateTrial(study, workerId, maxTrials, now, propose);

    public TrialRecord? ClaimQueued(string study, string workerId, DateTimeOffset now) => _inner.ClaimQueued(study, workerId, now);

    public bool Heartbeat(string study, int trialId, string workerId, DateTimeOffset now) => _inner.Heartbeat(study, trialId, workerId, now);

    public bool ReportEpochs(string study, int trialId, string workerId, IReadOnlyList<EpochRecord> curve, DateTimeOffset now)
    {
        lock (ReportedCurveLengths)
        {
            ReportedCurveLengths.Add(curve.Count);
        }

        return _inner.ReportEpochs(study, trialId, workerId, curve, now);
    }

    public bool Finish(string study, int trialId, string workerId, TrialOutcome outcome, DateTimeOffset now) => _inner.Finish(study, trialId, workerId, outcome, now);

    public bool Release(string study, int trialId, string workerId, IReadOnlyList<double>? timeLimitStops = null) => _inner.Release(study, trialId, workerId, timeLimitStops);

    public int RequeueStale(string study, TimeSpan timeout, DateTimeOffset now) => _inner.RequeueStale(study, timeout, now);
}
