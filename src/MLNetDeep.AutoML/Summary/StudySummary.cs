namespace MLNetDeep.AutoML.Summary;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;

/// <summary>
/// A study at a glance: its trials ranked by loss, counts per status, and each parameter's importance.
/// </summary>
/// <remarks>
/// Importance is a main-effects-only, fANOVA-like estimate without a surrogate model: for each parameter the completed
/// trials are grouped by its value (discrete parameters with at most 10 values: one group per value; others: up to
/// min(10, floor(sqrt(n))) equal-count groups along its unit coordinate), and the share of the loss variance explained
/// by the group means is measured with epsilon-squared, (SS_between - (k - 1) MS_within) / SS_total, clipped at 0 (the
/// bias-corrected correlation ratio, so a parameter with no effect scores near 0 however many groups it has), over the
/// trials that have the parameter (a conditional parameter's inactive trials are left out). The
/// values are then normalized to sum to 1. A parameter with one possible value (a choice of one: a setting fixed for
/// every trial) explains nothing and is not listed. Interactions are not measured; with few trials the estimates are noisy.
/// </remarks>
public sealed class StudySummary
{
    private StudySummary(IReadOnlyList<TrialRecord> ranked, IReadOnlyList<TrialRecord> all, IReadOnlyList<ParameterImportance> importance)
    {
        Ranked = ranked;
        Importance = importance;
        Completed = ranked.Count;
        Failed = all.Count(t => t.Status == TrialStatus.Failed);
        Pruned = all.Count(t => t.Status == TrialStatus.Pruned);
        Unfinished = all.Count(t => !t.IsFinished);
    }

    /// <summary>Completed trials with a finite loss, best (lowest loss) first; ties by trial id.</summary>
    public IReadOnlyList<TrialRecord> Ranked { get; }

    /// <summary>The parameters' importances, most important first; a parameter with one possible value is not listed.</summary>
    public IReadOnlyList<ParameterImportance> Importance { get; }

    /// <summary>Completed trials with a finite loss.</summary>
    public int Completed { get; }

    /// <summary>Failed trials.</summary>
    public int Failed { get; }

    /// <summary>Pruned trials.</summary>
    public int Pruned { get; }

    /// <summary>Queued or running trials.</summary>
    public int Unfinished { get; }

    /// <summary>Summarizes the trials of a study over its search space.</summary>
    public static StudySummary Create(SweepSpace space, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        var ranked = trials.Where(t => t.Status == TrialStatus.Completed && t.Loss is double l && double.IsFinite(l))
            .OrderBy(t => t.Loss).ThenBy(t => t.TrialId).ToList();
        double[] loss = ranked.Select(t => t.Loss!.Value).ToArray();
        double[][] unit = ranked.Select(t => space.MappingToFeatureSpace(space.ParseParameter(t.ParametersJson))).ToArray();
        var raw = new double[space.Count];
        for (int d = 0; d < space.Count; d++)
        {
            int[] has = Enumerable.Range(0, loss.Length).Where(i => double.IsFinite(unit[i][d])).ToArray();
            raw[d] = ExplainedVariance(space.Parameters[d], has.Select(i => unit[i][d]).ToArray(), has.Select(i => loss[i]).ToArray());
        }

        double sum = raw.Sum();
        var importance = space.Parameters.Select((p, d) => new ParameterImportance(p.Name, sum > 0 ? raw[d] / sum : 0, raw[d]))
            .Where((_, d) => space.Parameters[d].DistinctCount != 1)
            .OrderByDescending(i => i.Importance).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        return new StudySummary(ranked, trials, importance);
    }

    /// <summary>Epsilon-squared of the loss grouped by one coordinate.</summary>
    internal static double ExplainedVariance(SearchParameter parameter, double[] x, double[] y)
    {
        int n = y.Length;
        if (n < 3)
        {
            return 0;
        }

        int[] group;
        if (parameter.DistinctCount is int distinct && distinct <= 10)
        {
            var keys = x.Distinct().Order().ToList();
            group = x.Select(v => keys.IndexOf(v)).ToArray();
        }
        else
        {
            int bins = Math.Clamp((int)Math.Floor(Math.Sqrt(n)), 2, 10);
            int[] order = Enumerable.Range(0, n).OrderBy(i => x[i]).ThenBy(i => i).ToArray();
            group = new int[n];
            for (int r = 0; r < n; r++)
            {
                group[order[r]] = r * bins / n;
            }
        }

        int k = group.Max() + 1;
        double mean = y.Average();
        double ssTotal = y.Sum(v => (v - mean) * (v - mean));
        if (k < 2 || ssTotal <= 0)
        {
            return 0;
        }

        double ssBetween = 0;
        for (int g = 0; g < k; g++)
        {
            var members = Enumerable.Range(0, n).Where(i => group[i] == g).Select(i => y[i]).ToArray();
            if (members.Length > 0)
            {
                double m = members.Average();
                ssBetween += members.Length * (m - mean) * (m - mean);
            }
        }

        double msWithin = n > k ? (ssTotal - ssBetween) / (n - k) : 0;
        return Math.Clamp((ssBetween - (k - 1) * msWithin) / ssTotal, 0, 1);
    }
}
