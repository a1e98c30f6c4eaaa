namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Gradient checking (the course's week-1 exercise, as a feature): compares back-propagation with centered differences
/// <c>(J(w + eps) - J(w - eps)) / 2 eps</c> over every parameter component, or a seeded sample of each tensor; the
/// differences with eps and 2 eps are Richardson-extrapolated, and what they disagree by widens the tolerance.
/// </summary>
/// <remarks>
/// The cost J includes the L2 term; dropout masks are drawn once and held fixed; batch norm runs in training mode
/// (batch statistics). The network's weights and running statistics are restored afterwards. Perturbations are applied
/// in float32 and the actual step <c>fl(w + eps) - w</c> is used; costs are accumulated in double.
/// </remarks>
public static class GradientChecker
{
    /// <summary>
    /// How many times its uncertainty widens a component's tolerance: 3. The uncertainty is what the centered differences
    /// with epsilon and 2 epsilon disagree by, at least the median disagreement over its tensor (the float32 noise level).
    /// </summary>
    public const double UncertaintyFactor = 3;
    /// <summary>Checks <paramref name="network"/>'s gradients on one batch.</summary>
    /// <param name="network">A built, initialized network.</param>
    /// <param name="loss">The loss on its outputs.</param>
    /// <param name="batch">The examples (all in one batch; at least 2 with batch norm); keep it small: each component costs four forward passes.</param>
    /// <param name="options">Settings; default <see cref="GradientCheckOptions"/>'s defaults.</param>
    public static GradientCheckReport Check(Network network, Loss loss, ExampleSet batch, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(batch);
        GradientCheckOptions o = options ?? new GradientCheckOptions();
        Validate(network, loss, batch, o);
        batch = TrainingLoop.RequireWeight(o.ClassWeights is { } classWeights ? TrainingLoop.ClassWeighted(batch, classWeights, loss, network.OutputSize) : batch,
            o.ClassWeights, "gradient check's rows"); // all 0: the loss and its gradient are 0, and a check of them says nothing

        float[][] saved = network.CaptureWeights();
        int m = batch.Count;
        int width = network.OutputSize;
        var gradient = new float[m * width];
        try
        {
            // Draw the dropout masks once, then hold them fixed.
            network.SetDropoutGenerator(Rng.Derive(o.Seed, RngStreams.Dropout, 0));
            network.FreezeDropoutMasks(false);
            network.Forward(batch.Features, m, training: true);
            network.FreezeDropoutMasks(true);

            network.ZeroGradients();
            ReadOnlyMemory<float> output = network.Forward(batch.Features, m, training: true);
            var sides = new Sides(network, m);
            loss.Compute(output.Span, batch.Targets, batch.Weights, m, width, gradient);
            network.Backward(gradient, m);
            Regularization.AddL2Gradient(network.Parameters, o.L2Regularization, m);

            var components = new List<GradientComponent>();
            var perParameter = new List<ParameterGradientCheck>();
            var sampler = Rng.Derive(o.Seed, RngStreams.GradientCheck, 0);
            double diffSq = 0, analyticSq = 0, numericSq = 0;
            for (int li = 0; li < network.Layers.Count; li++)
            {
                foreach (Parameter p in network.Layers[li].Parameters)
                {
                    (double pd, double pa, double pn, int count) = CheckParameter(network, loss, batch, o, li, p, Sample(p.Length, o.MaxComponentsPerParameter, sampler), sides, components);
                    perParameter.Add(new ParameterGradientCheck(li, network.Layers[li].DisplayName, p.Name, count, Difference(pd, pa, pn)));
                    diffSq += pd;
                    analyticSq += pa;
                    numericSq += pn;
                }
            }

            double difference = Difference(diffSq, analyticSq, numericSq);
            int kinks = components.Count(c => c.CrossedKink);

            // Float32 rounding leaves the components of one tensor about one noise level (their perturbations move the same
            // computations): the median disagreement of the two steps over the tensor measures it, where one component's
            // own disagreement may be small by chance.
            Dictionary<(int, string), double> floors = components.Where(c => !c.CrossedKink && c.Uncertainty > 0).GroupBy(c => (c.Layer, c.Parameter))
                .ToDictionary(g => g.Key, g => g.Select(c => c.Uncertainty).Order().ElementAt(g.Count() / 2));
            double Tolerance(GradientComponent c) => o.AbsoluteTolerance + (o.RelativeTolerance * Math.Max(Math.Abs(c.Analytic), Math.Abs(c.Numeric))) + (UncertaintyFactor * c.Uncertainty);
            GradientComponent[] compared = components.Where(c => !c.CrossedKink)
                .Select(c => c with { Uncertainty = Math.Max(c.Uncertainty, floors.GetValueOrDefault((c.Layer, c.Parameter))) })
                .Select(c => c with { Passed = Math.Abs(c.Analytic - c.Numeric) <= Tolerance(c) }).ToArray();
            bool passed = difference <= o.Threshold && Array.TrueForAll(compared, c => c.Passed) && perParameter.TrueForAll(p => p.Checked > 0);
            var worst = compared
                .OrderByDescending(c => Math.Abs(c.Analytic - c.Numeric) / Tolerance(c))
                .Take(o.WorstCount)
                .ToArray();
            return new GradientCheckReport(difference, passed, compared.Length, perParameter, worst) { CrossedKinks = kinks };
        }
        finally
        {
            network.FreezeDropoutMasks(false);
            network.RestoreWeights(saved);
            network.ZeroGradients();
        }
    }

    private static void Validate(Network network, Loss loss, ExampleSet batch, GradientCheckOptions o)
    {
        Setting.Require(o.Epsilon > 0f && float.IsFinite(o.Epsilon), "Epsilon", o.Epsilon, "positive and finite", "options");
        Setting.Require(o.MaxComponentsPerParameter is not < 1, "MaxComponentsPerParameter", o.MaxComponentsPerParameter, "at least 1 (or null for all)", "options");
        if (batch.Count < 2 && network.Layers.Any(l => l is BatchNorm))
        {
            throw new ArgumentException($"The batch has {batch.Count} row(s); a network with batch norm needs at least 2: batch norm in training mode normalizes one row to zeros, so every gradient before it is 0 and the check would pass without checking them.", nameof(batch));
        }

        if (batch.FeatureCount != network.InputSize || batch.TargetWidth != loss.TargetWidth(network.OutputSize))
        {
            throw new ArgumentException($"The batch has {batch.FeatureCount} features and {batch.TargetWidth} target value(s) per row; the network takes {network.InputSize} and {loss.Name} needs {loss.TargetWidth(network.OutputSize)}.", nameof(batch));
        }
    }

    /// <summary>
    /// Compares the back-propagated gradient of <paramref name="p"/> (layer <paramref name="layer"/>) with the numerical
    /// one at <paramref name="indices"/>, adding one <see cref="GradientComponent"/> each; returns the sums of squared
    /// differences, squared analytic and squared numeric values over the components whose perturbations kept every ReLU
    /// input on its side of the kink (<paramref name="sides"/>), and how many those were.
    /// </summary>
    /// <remarks>
    /// The numerical gradient takes centered differences with steps h = epsilon and 2h. Their Richardson extrapolation
    /// (4 D(h) - D(2h)) / 3 cancels the h^2 term of the error (the curvature a tanh or batch norm puts there), and what
    /// the two disagree by, |D(h) - D(2h)|, measures how far float32 rounding and truncation leave the numbers uncertain
    /// (<see cref="GradientComponent.Uncertainty"/>; whether a component passes is decided in <see cref="Check"/>, once
    /// the check's noise level is known). A wrong backward moves g, not the two differences, so it still shows. When only
    /// the 2h step crosses a kink, D(h) is taken alone.
    /// </remarks>
    private static (double DiffSq, double AnalyticSq, double NumericSq, int Count) CheckParameter(
        Network network, Loss loss, ExampleSet batch, GradientCheckOptions o, int layer, Parameter p, int[] indices, Sides sides, List<GradientComponent> components)
    {
        float[] analytic = (float[])p.Gradient.Clone();
        double pd = 0, pa = 0, pn = 0;
        int count = 0;
        foreach (int i in indices)
        {
            float original = p.Value[i];
            (double Slope, bool Kink) Centered(float h)
            {
                p.Value[i] = original + h;
                double up = p.Value[i] - (double)original;
                double plus = Cost(network, loss, batch, o.L2Regularization);
                bool kink = !sides.Same(network, batch.Count);
                p.Value[i] = original - h;
                double down = original - (double)p.Value[i];
                double minus = Cost(network, loss, batch, o.L2Regularization);
                kink |= !sides.Same(network, batch.Count);
                p.Value[i] = original;
                return ((plus - minus) / (up + down), kink);
            }

            (double d1, bool kink) = Centered(o.Epsilon);
            (double d2, bool wideKink) = kink ? (d1, true) : Centered(2 * o.Epsilon);
            (double numeric, double uncertainty) = wideKink ? (d1, 0) : (((4 * d1) - d2) / 3, Math.Abs(d1 - d2));
            double g = analytic[i];
            components.Add(new GradientComponent(layer, network.Layers[layer].DisplayName, p.Name, i, g, numeric, Passed: false) { CrossedKink = kink, Uncertainty = uncertainty });
            if (!kink)
            {
                pd += (g - numeric) * (g - numeric);
                pa += g * g;
                pn += numeric * numeric;
                count++;
            }
        }

        return (pd, pa, pn, count);
    }

    /// <summary>
    /// Which side of 0 every input of every ReLU-family layer was on in a forward pass: a perturbation that moves one
    /// across crossed a kink of the cost, where a centered difference is no estimate of the derivative (CS231n's
    /// "kinks in the objective").
    /// </summary>
    private sealed class Sides
    {
        private readonly (ActivationLayer Layer, bool[] Positive)[] _layers;

        /// <summary>Records the sides of the last forward pass over <paramref name="rows"/> rows.</summary>
        public Sides(Network network, int rows) =>
            _layers = network.Layers.OfType<ActivationLayer>().Where(l => l.KinkAtZero)
                .Select(l => (l, l.LastOutput(rows).ToArray().Select(y => y > 0f).ToArray())).ToArray();

        /// <summary>Whether the last forward pass kept every input on its recorded side.</summary>
        public bool Same(Network network, int rows)
        {
            foreach (var (layer, positive) in _layers)
            {
                ReadOnlySpan<float> y = layer.LastOutput(rows);
                for (int k = 0; k < y.Length; k++)
                {
                    if (y[k] > 0f != positive[k])
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    private static double Cost(Network network, Loss loss, ExampleSet batch, float l2)
    {
        ReadOnlyMemory<float> output = network.Forward(batch.Features, batch.Count, training: true);
        return loss.Compute(output.Span, batch.Targets, batch.Weights, batch.Count, network.OutputSize, default)
            + Regularization.L2(network.Parameters, l2, batch.Count, exact: true);
    }

    private static double Difference(double diffSq, double analyticSq, double numericSq)
    {
        double denominator = Math.Sqrt(analyticSq) + Math.Sqrt(numericSq);
        return denominator == 0 ? 0 : Math.Sqrt(diffSq) / denominator;
    }

    private static int[] Sample(int length, int? max, Rng rng)
    {
        int[] all = [.. Enumerable.Range(0, length)];
        if (max is not int k || k >= length)
        {
            return all;
        }

        rng.Shuffle(all);
        int[] chosen = all[..k];
        Array.Sort(chosen);
        return chosen;
    }
}
