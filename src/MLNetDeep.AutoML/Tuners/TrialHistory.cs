namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>The finished trials a tuner has been told about, keyed and ordered by trial id (so arrival order does not matter).</summary>
internal sealed class TrialHistory
{
    private readonly SweepSpace _space;
    private readonly SortedDictionary<int, Entry> _entries = [];

    public TrialHistory(SweepSpace space)
    {
        _space = space;
    }

    public void Add(SweepTrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _entries[result.TrialSettings.TrialId] = new Entry(result.TrialSettings.TrialId, _space.MappingToFeatureSpace(result.TrialSettings.Parameters),
            result.Status, result.Loss);
    }

    /// <summary>Completed trials with a finite loss, best first (ties: lower id first).</summary>
    public List<Entry> CompletedByLoss(int beforeTrialId = int.MaxValue) => _entries.Values
        .Where(e => e.TrialId < beforeTrialId && e.Status == TrialStatus.Completed && double.IsFinite(e.Loss))
        .OrderBy(e => e.Loss).ThenBy(e => e.TrialId).ToList();

    public IEnumerable<Entry> All => _entries.Values;

    internal sealed record Entry(int TrialId, double[] Unit, TrialStatus Status, double Loss);
}
