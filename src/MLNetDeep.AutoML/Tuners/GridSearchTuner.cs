namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Grid search: <c>step</c> evenly spaced points per numeric parameter on its own scale (the unit coordinates
/// 0, 1/(step-1), ..., 1, so a log parameter gets a geometric grid), every value of a choice and of an integer parameter
/// with no more values than the steps. Trial t takes grid point t (the first parameter varies slowest); after the last
/// point the grid starts again. Updates are ignored.
/// </summary>
public sealed class GridSearchTuner : ISweepTuner
{
    private readonly SweepSpace _space;
    private readonly IReadOnlyList<double>[] _axes;

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
        long size = 1;
        foreach (var axis in _axes)
        {
            size = size > long.MaxValue / axis.Count ? long.MaxValue : size * axis.Count;
        }

        GridSize = size;
    }

    /// <summary>The number of grid points (saturates at <see cref="long.MaxValue"/>).</summary>
    public long GridSize { get; }

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long index = settings.TrialId % GridSize;
        var unit = new double[_axes.Length];
        for (int i = _axes.Length - 1; i >= 0; i--)
        {
            int n = _axes[i].Count;
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
