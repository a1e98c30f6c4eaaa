namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Coarse to fine (the course's advice): round 0 samples the whole space at random; each later round samples at random
/// inside a box narrowed around the best trials so far. Round r holds trials r*k .. r*k + k - 1 (k trials per round),
/// so the round structure follows from the trial ids and the study resumes where it stopped.
/// </summary>
/// <remarks>
/// The box of round r &gt; 0, per numeric (float or integer) parameter, in unit coordinates (the parameter's own scale:
/// log, 1 - 10^r, exponent): the min..max of the best <c>topFraction</c> of the completed trials with ids below r*k,
/// widened on each side by <c>margin</c> times the width of round r-1's range, and clipped to [0, 1] (a conditional
/// parameter: of those best trials that have it; none keeps the previous round's range). Choice
/// parameters keep every value. With no completed trial yet the box is the previous round's. With parallel trials a
/// round may start before the previous one has finished; it narrows around what has completed by then (what it proposed
/// is stored with the trials, so a resumed study never needs to re-derive it).
/// </remarks>
public sealed class CoarseToFineTuner : ISweepTuner
{
    internal const ulong Purpose = 0xC2F;
    private readonly SweepSpace _space;
    private readonly int _seed;
    private readonly TrialHistory _history;
    private readonly Lock _lock = new();

    /// <summary>Creates a coarse-to-fine search over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">The seed. Default 0.</param>
    /// <param name="trialsPerRound">Trials per round, k (at least 1). Default 10.</param>
    /// <param name="topFraction">The fraction of completed trials the box is fitted around, in (0, 1]. Default 0.25.</param>
    /// <param name="margin">Widening on each side, as a fraction of the previous round's width (at least 0). Default 0.1.</param>
    public CoarseToFineTuner(SweepSpace space, int seed = 0, int trialsPerRound = 10, double topFraction = 0.25, double margin = 0.1)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        if (trialsPerRound < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trialsPerRound), trialsPerRound, "A round needs at least one trial.");
        }

        if (!(topFraction > 0 && topFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topFraction), topFraction, "The top fraction must be in (0, 1].");
        }

        if (!(margin >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be non-negative.");
        }

        _seed = seed;
        TrialsPerRound = trialsPerRound;
        TopFraction = topFraction;
        Margin = margin;
        _history = new TrialHistory(space);
    }

    /// <summary>Trials per round.</summary>
    public int TrialsPerRound { get; }

    /// <summary>The fraction of completed trials each box is fitted around.</summary>
    public double TopFraction { get; }

    /// <summary>The widening of each box, as a fraction of the previous round's width.</summary>
    public double Margin { get; }

    /// <summary>The round trial <paramref name="trialId"/> belongs to.</summary>
    public int RoundOf(int trialId) => trialId / TrialsPerRound;

    /// <summary>The box round <paramref name="round"/> samples from, one unit range per parameter of the space.</summary>
    public IReadOnlyList<UnitRange> RangesForRound(int round)
    {
        lock (_lock)
        {
            return Ranges(round);
        }
    }

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<UnitRange> box;
        lock (_lock)
        {
            box = Ranges(RoundOf(settings.TrialId));
        }

        Rng rng = Rng.Derive(_seed, Purpose, (ulong)settings.TrialId);
        var unit = new double[box.Count];
        for (int i = 0; i < unit.Length; i++)
        {
            unit[i] = box[i].Low + rng.NextDouble() * box[i].Width;
        }

        return settings with { Parameters = _space.SampleFromFeatureSpace(unit) };
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
        lock (_lock)
        {
            _history.Add(result);
        }
    }

    private UnitRange[] Ranges(int round)
    {
        var box = new UnitRange[_space.Count];
        Array.Fill(box, new UnitRange(0, 1));
        for (int r = 1; r <= round; r++)
        {
            var top = _history.CompletedByLoss(r * TrialsPerRound);
            if (top.Count == 0)
            {
                continue;
            }

            top = top.Take(Math.Max(1, (int)Math.Ceiling(TopFraction * top.Count))).ToList();
            for (int i = 0; i < box.Length; i++)
            {
                double[] active = top.Select(e => e.Unit[i]).Where(double.IsFinite).ToArray();
                if (_space.Parameters[i] is ChoiceParameter || active.Length == 0)
                {
                    continue;
                }

                double lo = active.Min(), hi = active.Max();
                double widen = Margin * box[i].Width;
                box[i] = new UnitRange(Math.Max(0, lo - widen), Math.Min(1, hi + widen));
            }
        }

        return box;
    }
}
