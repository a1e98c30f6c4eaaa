namespace MLNetDeep.Reporting.Sweeps;

/// <summary>One trial of a sweep.</summary>
/// <param name="Id">The trial's id (0, 1, 2, ... in creation order).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Values">Its parameter values by axis name (a parameter it lacks is absent).</param>
public sealed record SweepTrial(int Id, SweepTrialStatus Status, IReadOnlyDictionary<string, SweepValue> Values)
{
    /// <summary>The optimized metric, when completed. Default null.</summary>
    public double? Metric { get; init; }

    /// <summary>The loss the trials are ranked by (lower is better), when completed. Default null.</summary>
    public double? Loss { get; init; }

    /// <summary>Wall-clock seconds the trial took, when known. Default null.</summary>
    public double? Seconds { get; init; }
}
