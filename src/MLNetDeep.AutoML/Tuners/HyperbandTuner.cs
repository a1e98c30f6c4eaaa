namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Training;

/// <summary>
/// Hyperband with epochs as the budget, run asynchronously (ASHA, as Optuna's HyperbandPruner): every trial is proposed
/// by an inner tuner (random search by default) with the epoch parameter set to the maximum, and assigned to a bracket
/// by its id; at each rung of its bracket it goes on only while its intermediate loss is in the top 1/eta of the values
/// its bracket's trials reported at that rung, else the experiment stops it (status Pruned). Successive halving is the
/// single-bracket case (<see cref="SuccessiveHalving"/>).
/// </summary>
/// <remarks>
/// Rule at a rung (Optuna's): with the n values reported there (this one included) sorted, the trial goes on when its
/// value is at most the k-th smallest, k = max(1, floor(n / eta)). Early trials therefore pass easily, later ones face
/// a stricter field. Brackets: s_max = floor(log_eta(max / min)); bracket s gets n_s trials per cycle of
/// sum(n_s) trial ids and judges them first after r_s = max / eta^s epochs. Finished trials told through
/// <see cref="Update"/> (also from other workers and earlier runs) contribute their curves to the rungs.
/// </remarks>
public sealed class HyperbandTuner : ISweepTuner, ITrialPruner
{
    private readonly SweepSpace _space;
    private readonly ISweepTuner _sampler;
    private readonly string _epochParameter;
    private readonly int[] _cycle;
    private readonly Dictionary<(int Bracket, int Rung), Dictionary<int, double>> _rungs = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a Hyperband tuner and pruner.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">The seed of the default inner random search. Default 0.</param>
    /// <param name="minEpochs">The smallest budget r (at least 1). Default 1.</param>
    /// <param name="maxEpochs">The largest budget R, every trial's epoch count (at least <paramref name="minEpochs"/>). Default 27.</param>
    /// <param name="eta">The reduction factor (at least 2). Default 3.</param>
    /// <param name="epochParameter">The space's epoch-count parameter, set to <paramref name="maxEpochs"/> in every proposal when the space has it (otherwise the pipeline must train <paramref name="maxEpochs"/> epochs itself); null for <see cref="FeedForwardSearchSpace.EpochsParameter"/> (<c>NumberOfEpochs</c>). Default null.</param>
    /// <param name="sampler">The tuner that proposes points; null for a random search with <paramref name="seed"/>. Default null.</param>
    /// <param name="maxBrackets">The most brackets to use (1 is successive halving); null for all s_max + 1. Default null.</param>
    public HyperbandTuner(SweepSpace space, int seed = 0, int minEpochs = 1, int maxEpochs = 27, int eta = 3,
        string? epochParameter = null, ISweepTuner? sampler = null, int? maxBrackets = null)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        if (minEpochs < 1 || maxEpochs < minEpochs)
        {
            throw new ArgumentException($"Hyperband needs 1 <= minEpochs <= maxEpochs; they are {minEpochs} and {maxEpochs}.");
        }

        if (eta < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "The reduction factor eta must be at least 2.");
        }

        if (maxBrackets is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBrackets), maxBrackets, "At least one bracket.");
        }

        _sampler = sampler ?? new RandomSearchTuner(space, seed);
        _epochParameter = epochParameter ?? FeedForwardSearchSpace.EpochsParameter;
        MaxEpochs = maxEpochs;
        Eta = eta;
        int sMax = 0;
        while ((long)minEpochs * Pow(eta, sMax + 1) <= maxEpochs)
        {
            sMax++;
        }

        var brackets = new List<HyperbandBracket>();
        int count = Math.Min(sMax + 1, maxBrackets ?? int.MaxValue);
        for (int s = sMax; s > sMax - count; s--)
        {
            int n = (int)Math.Ceiling((double)(sMax + 1) / (s + 1) * Pow(eta, s));
            int r = Math.Max(minEpochs, (int)(maxEpochs / Pow(eta, s)));
            var rungs = new List<int>();
            for (long e = r; e < maxEpochs; e *= eta)
            {
                rungs.Add((int)e);
            }

            brackets.Add(new HyperbandBracket(s, n, r, rungs));
        }

        Brackets = brackets;
        _cycle = brackets.SelectMany((b, i) => Enumerable.Repeat(i, b.TrialCount)).ToArray();
    }

    /// <summary>A successive-halving tuner: Hyperband with only its most aggressive bracket.</summary>
    public static HyperbandTuner SuccessiveHalving(SweepSpace space, int seed = 0, int minEpochs = 1, int maxEpochs = 27, int eta = 3,
        string? epochParameter = null, ISweepTuner? sampler = null) =>
        new(space, seed, minEpochs, maxEpochs, eta, epochParameter, sampler, maxBrackets: 1);

    /// <summary>The brackets, most aggressive first.</summary>
    public IReadOnlyList<HyperbandBracket> Brackets { get; }

    /// <summary>Every trial's epoch count R.</summary>
    public int MaxEpochs { get; }

    /// <summary>The reduction factor.</summary>
    public int Eta { get; }

    /// <summary>The bracket trial <paramref name="trialId"/> belongs to.</summary>
    public HyperbandBracket BracketOf(int trialId) => Brackets[_cycle[trialId % _cycle.Length]];

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SweepTrialSettings proposed;
        lock (_lock)
        {
            proposed = _sampler.Propose(settings);
        }

        return _space.Parameters.Any(p => p.Name == _epochParameter)
            ? proposed with { Parameters = proposed.Parameters.With(_epochParameter, MaxEpochs) }
            : proposed;
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            foreach (EpochRecord r in result.Curve)
            {
                Record(result.TrialSettings.TrialId, r.Epoch, IntermediateLoss(r));
            }

            _sampler.Update(result);
        }
    }

    /// <inheritdoc/>
    public bool ShouldPrune(int trialId, int epoch, double intermediateLoss)
    {
        lock (_lock)
        {
            if (!Record(trialId, epoch, intermediateLoss))
            {
                return false;
            }

            var values = _rungs[(_cycle[trialId % _cycle.Length], epoch)].Values.Select(v => double.IsNaN(v) ? double.PositiveInfinity : v).Order().ToArray();
            int k = Math.Max(1, values.Length / Eta);
            double value = double.IsNaN(intermediateLoss) ? double.PositiveInfinity : intermediateLoss;
            return value > values[k - 1];
        }
    }

    /// <summary>The value judged at a rung: the validation loss when there is one, else the training loss.</summary>
    internal static double IntermediateLoss(EpochRecord r) => r.ValidationLoss ?? r.Loss;

    private bool Record(int trialId, int epoch, double value)
    {
        int bracket = _cycle[trialId % _cycle.Length];
        if (!Brackets[bracket].Rungs.Contains(epoch))
        {
            return false;
        }

        if (!_rungs.TryGetValue((bracket, epoch), out var values))
        {
            _rungs[(bracket, epoch)] = values = [];
        }

        values[trialId] = value;
        return true;
    }

    private static long Pow(int b, int e)
    {
        long p = 1;
        for (int i = 0; i < e; i++)
        {
            p *= b;
        }

        return p;
    }
}
