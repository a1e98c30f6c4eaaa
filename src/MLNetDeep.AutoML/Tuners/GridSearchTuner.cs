namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Grid search: <c>step</c> evenly spaced points per numeric parameter on its own scale (the unit coordinates
/// 0, 1/(step-1), ..., 1, so a log parameter gets a geometric grid), every value of a choice and of an integer parameter
/// with no more values than the steps. Trial t takes grid point t (the first parameter varies slowest); after the last
/// point the grid starts again. Updates are ignored.
/// </summary>
/// <remarks>
/// With conditional parameters the grid is one block per combination of the parents' grid values (the parameters some
/// condition names; combinations that differ only in an inactive parent are one block), and each block is the grid of the
/// parameters active in it: inactive parameters are not enumerated, so no two grid points make the same trial.
/// </remarks>
public sealed class GridSearchTuner : ISweepTuner
{
    private readonly SweepSpace _space;
    private readonly IReadOnlyList<double>[] _axes;
    private readonly List<(double[] Unit, int[] Free, long Size)> _blocks = [];

    /// <summary>Creates a grid over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="step">Points per numeric parameter (at least 1; 1 uses the default value). Default 5.</param>
    public GridSearchTuner(SweepSpace space, int step = 5)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The grid needs at least one point per parameter.");
        }

        _axes = space.Parameters.Select(p => p.GridPoints(step)).ToArray();
        var names = space.Parameters.Select(p => p.Name).ToList();
        int[] parents = names.Select((n, i) => names.Any(c => space.ConditionOf(c)?.Parent == n) ? i : -1).Where(i => i >= 0).ToArray();
        long combinations = parents.Aggregate(1L, (n, i) => n * _axes[i].Count);
        var seen = new HashSet<string>();
        for (long c = 0; c < combinations; c++)
        {
            var unit = new double[_axes.Length];
            long rest = c;
            for (int j = parents.Length - 1; j >= 0; j--)
            {
                unit[parents[j]] = _axes[parents[j]][(int)(rest % _axes[parents[j]].Count)];
                rest /= _axes[parents[j]].Count;
            }

            SweepParameters point = space.SampleFromFeatureSpace(unit);
            if (seen.Add(string.Join(",", parents.Select(i => point.TryGetValue(names[i], out object? v) ? v : "-"))))
            {
                int[] free = Enumerable.Range(0, _axes.Length).Where(i => !parents.Contains(i) && point.ContainsKey(names[i])).ToArray();
                _blocks.Add((unit, free, free.Aggregate(1L, (n, i) => n > long.MaxValue / _axes[i].Count ? long.MaxValue : n * _axes[i].Count)));
            }
        }

        GridSize = _blocks.Aggregate(0L, (n, b) => n > long.MaxValue - b.Size ? long.MaxValue : n + b.Size);
    }

    /// <summary>The number of grid points, inactive parameters not enumerated (saturates at <see cref="long.MaxValue"/>).</summary>
    public long GridSize { get; }

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long index = settings.TrialId % GridSize;
        int b = 0;
        while (index >= _blocks[b].Size)
        {
            index -= _blocks[b++].Size;
        }

        double[] unit = (double[])_blocks[b].Unit.Clone();
        for (int j = _blocks[b].Free.Length - 1; j >= 0; j--)
        {
            int i = _blocks[b].Free[j], n = _axes[i].Count;
            unit[i] = _axes[i][(int)(index % n)];
            index /= n;
        }

        return settings with { Parameters = _space.SampleFromFeatureSpace(unit) };
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
    }
}
