namespace MLNetDeep.AutoML.Tuners;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011, as in Optuna's TPESampler, independent per dimension):
/// after <c>startupTrials</c> random trials, the completed trials are split by loss into the best gamma(n) ("good") and
/// the rest plus pruned trials ("bad"); a Parzen density l(x) is fitted to the good points and g(x) to the bad ones in
/// every unit-cube dimension; <c>candidates</c> points are drawn from l and the one maximizing
/// sum over dimensions of log l(x_i) - log g(x_i) is proposed. A conditional parameter's densities are fitted on the
/// trials that have it (where it was active), and it counts in a candidate's score only where the candidate makes it active.
/// </summary>
/// <remarks>
/// Numeric dimensions: a mixture of Gaussians truncated to [0, 1], one per observation plus a prior component (mean 0.5,
/// sigma 1, weight <c>priorWeight</c>); each observation's sigma is the larger distance to its neighbours among the sorted
/// means (the interval ends counting as neighbours), clipped to [1 / min(100, n + 1), 1] (Optuna's defaults).
/// Choice dimensions: category frequencies plus <c>priorWeight</c> spread evenly. gamma(n) = min(ceil(0.1 n), 25) as in
/// Optuna. Failed trials are ignored. Deterministic: trial t draws from a generator derived from the seed and t.
/// </remarks>
public sealed class TpeTuner : ISweepTuner
{
    internal const ulong Purpose = 0x7BE;
    private readonly SweepSpace _space;
    private readonly int _seed;
    private readonly TrialHistory _history;
    private readonly Lock _lock = new();

    /// <summary>Creates a TPE tuner over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">The seed. Default 0.</param>
    /// <param name="startupTrials">Random trials before the model is used (at least 1). Default 10 (Optuna).</param>
    /// <param name="candidates">Candidates drawn from l(x) per proposal (at least 1). Default 24 (Optuna).</param>
    /// <param name="priorWeight">Weight of the prior component. Default 1 (Optuna).</param>
    public TpeTuner(SweepSpace space, int seed = 0, int startupTrials = 10, int candidates = 24, double priorWeight = 1.0)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        if (startupTrials < 1 || candidates < 1 || !(priorWeight > 0))
        {
            throw new ArgumentException($"TPE needs startupTrials >= 1, candidates >= 1 and priorWeight > 0; they are {startupTrials}, {candidates}, {priorWeight}.");
        }

        _seed = seed;
        StartupTrials = startupTrials;
        Candidates = candidates;
        PriorWeight = priorWeight;
        _history = new TrialHistory(space);
    }

    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; }

    /// <summary>Candidates drawn per proposal.</summary>
    public int Candidates { get; }

    /// <summary>Weight of the prior component.</summary>
    public double PriorWeight { get; }

    /// <summary>Optuna's split: the best min(ceil(0.1 n), 25) of n completed trials are "good".</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <inheritdoc/>
    public SweepTrialSettings Propose(SweepTrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<TrialHistory.Entry> completed;
        List<TrialHistory.Entry> pruned;
        lock (_lock)
        {
            completed = _history.CompletedByLoss();
            pruned = _history.All.Where(e => e.Status == TrialStatus.Pruned).ToList();
        }

        if (completed.Count < StartupTrials)
        {
            return settings with { Parameters = _space.SampleFromFeatureSpace(RandomSearchTuner.Sample(_space.Count, _seed, Purpose, settings.TrialId)) };
        }

        int nGood = Math.Max(1, Gamma(completed.Count));
        var good = completed.Take(nGood).ToList();
        var bad = completed.Skip(nGood).Concat(pruned).ToList();
        Rng rng = Rng.Derive(_seed, Purpose, (ulong)settings.TrialId);
        double[][] candidates = Enumerable.Range(0, Candidates).Select(_ => new double[_space.Count]).ToArray();
        var terms = new double[Candidates, _space.Count];
        for (int d = 0; d < _space.Count; d++)
        {
            double[] goodX = good.Select(e => e.Unit[d]).Where(double.IsFinite).ToArray();
            double[] badX = bad.Select(e => e.Unit[d]).Where(double.IsFinite).ToArray();
            if (_space.Parameters[d] is ChoiceParameter choice)
            {
                int k = choice.Values.Count;
                double[] l = CategoryWeights(goodX, k), g = CategoryWeights(badX, k);
                for (int c = 0; c < Candidates; c++)
                {
                    int idx = SampleIndex(l, rng);
                    candidates[c][d] = (idx + 0.5) / k;
                    terms[c, d] = Math.Log(l[idx]) - Math.Log(g[idx]);
                }
            }
            else
            {
                var l = new Parzen(goodX, PriorWeight);
                var g = new Parzen(badX, PriorWeight);
                for (int c = 0; c < Candidates; c++)
                {
                    double x = l.Sample(rng);
                    candidates[c][d] = x;
                    terms[c, d] = Math.Log(l.Density(x)) - Math.Log(g.Density(x));
                }
            }
        }

        var scores = new double[Candidates];
        int best = 0;
        for (int c = 0; c < Candidates; c++)
        {
            SweepParameters point = _space.SampleFromFeatureSpace(candidates[c]);
            for (int d = 0; d < _space.Count; d++)
            {
                scores[c] += point.ContainsKey(_space.Parameters[d].Name) ? terms[c, d] : 0;
            }

            best = scores[c] > scores[best] ? c : best; // the first best candidate
        }

        return settings with { Parameters = _space.SampleFromFeatureSpace(candidates[best]) };
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
        lock (_lock)
        {
            _history.Add(result);
        }
    }

    private double[] CategoryWeights(double[] unit, int k)
    {
        var w = new double[k];
        Array.Fill(w, PriorWeight / k);
        foreach (double u in unit)
        {
            w[Math.Min(k - 1, (int)Math.Floor(u * k))] += 1;
        }

        double sum = w.Sum();
        for (int i = 0; i < k; i++)
        {
            w[i] /= sum;
        }

        return w;
    }

    private static int SampleIndex(double[] p, Rng rng)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int i = 0; i < p.Length; i++)
        {
            acc += p[i];
            if (u < acc)
            {
                return i;
            }
        }

        return p.Length - 1;
    }

    /// <summary>A mixture of Gaussians truncated to [0, 1].</summary>
    private sealed class Parzen
    {
        private readonly double[] _mu;
        private readonly double[] _sigma;
        private readonly double[] _weight;
        private readonly double[] _mass;

        public Parzen(double[] observations, double priorWeight)
        {
            int n = observations.Length;
            var mus = observations.Append(0.5).ToArray();
            var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ThenBy(i => i).ToArray();
            _mu = new double[mus.Length];
            _sigma = new double[mus.Length];
            _weight = new double[mus.Length];
            _mass = new double[mus.Length];
            double minSigma = 1.0 / Math.Min(100, n + 1);
            for (int j = 0; j < order.Length; j++)
            {
                int i = order[j];
                double left = j == 0 ? 0 : mus[order[j - 1]];
                double right = j == order.Length - 1 ? 1 : mus[order[j + 1]];
                _mu[i] = mus[i];
                _sigma[i] = Math.Clamp(Math.Max(mus[i] - left, right - mus[i]), minSigma, 1.0);
            }

            _sigma[n] = 1.0; // the prior
            double total = n + priorWeight;
            for (int i = 0; i < mus.Length; i++)
            {
                _weight[i] = (i == n ? priorWeight : 1.0) / total;
                _mass[i] = Phi((1 - _mu[i]) / _sigma[i]) - Phi(-_mu[i] / _sigma[i]);
            }
        }

        public double Density(double x)
        {
            double p = 0;
            for (int i = 0; i < _mu.Length; i++)
            {
                double z = (x - _mu[i]) / _sigma[i];
                p += _weight[i] * Math.Exp(-0.5 * z * z) / (_sigma[i] * Math.Sqrt(2 * Math.PI) * _mass[i]);
            }

            return Math.Max(p, 1e-300);
        }

        public double Sample(Rng rng)
        {
            int i = SampleIndex(_weight, rng);
            for (int attempt = 0; attempt < 100; attempt++)
            {
                double x = _mu[i] + _sigma[i] * rng.NextGaussian();
                if (x >= 0 && x <= 1)
                {
                    return x;
                }
            }

            return Math.Clamp(_mu[i], 0, 1);
        }

        /// <summary>The standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, |error| &lt; 1.5e-7).</summary>
        private static double Phi(double z)
        {
            double x = Math.Abs(z) / Math.Sqrt(2);
            double t = 1 / (1 + 0.3275911 * x);
            double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }
    }
}
