namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Random search (the course's advice over a grid): every coordinate of the unit cube uniform, so each parameter is
/// uniform on its own scale (log-uniform for log parameters, 1 - 10^r for averaging coefficients, uniform exponents for
/// powers of two). Trial t's point depends only on the seed and t.
/// </summary>
public sealed class RandomSearchTuner : ISweepTuner
{
    internal const ulong Purpose = 0xA11;
    private readonly SweepSpace _space;
    private readonly int _seed;

    /// <summary>Creates a random search over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">The seed. Default 0.</param>
    public RandomSearchTuner(SweepSpace space, int seed = 0)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _seed = seed;
    }

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Parameters = _space.SampleFromFeatureSpace(Sample(_space.Count, _seed, Purpose, settings.TrialId)) };
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
    }

    internal static double[] Sample(int dimensions, long seed, ulong purpose, int trialId)
    {
        Rng rng = Rng.Derive(seed, purpose, (ulong)trialId);
        var u = new double[dimensions];
        for (int i = 0; i < u.Length; i++)
        {
            u[i] = rng.NextDouble();
        }

        return u;
    }
}
