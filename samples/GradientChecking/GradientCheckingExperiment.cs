namespace MLNetDeep.Samples.GradientChecking;

using System.Globalization;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>
/// The course's Gradient Checking notebook: back-propagation of a [4, 5, 3, 1] ReLU network with a sigmoid output
/// (binary cross-entropy on the logit) and L2 (lambda 0.7) is compared with centered differences over every parameter
/// component. The correct network must pass; the same network with one weight-gradient component back-propagated 1% too
/// large must fail. The broken component is the one with the largest |g| over all weight matrices (a 1% error on a tiny
/// gradient would drown in float32 rounding noise), wrapped in a <see cref="BrokenDense"/> at that layer's position.
/// </summary>
public static class GradientCheckingExperiment
{
    /// <summary>The L2 lambda whose term is part of the checked cost. 0.7, the Regularization notebook's.</summary>
    public const float Lambda = 0.7f;

    /// <summary>Checks the correct and the broken network on <paramref name="batch"/>.</summary>
    /// <remarks>
    /// Centered differences straddle a ReLU kink when a pre-activation lies within epsilon (1e-3) of zero; then even the
    /// correct network fails the check (the course's caveat about kinks). The default batch and seed have no such case.
    /// </remarks>
    /// <param name="batch">Examples with 4 features and 0/1 labels.</param>
    /// <param name="seed">
    /// Seed for the weights. Default 2: with seed 1 every unit of the 3-unit layer is inactive on the default batch, so
    /// every weight gradient is zero and there is nothing to break (<see cref="InvalidOperationException"/>).
    /// </param>
    /// <param name="factor">What the broken component's gradient is multiplied by. Default 1.01 (off by 1%).</param>
    public static GradientCheckingResult Run(ExampleSet batch, long seed = 2, float factor = 1.01f)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var loss = new BinaryCrossEntropy();
        var options = new GradientCheckOptions { L2Regularization = Lambda };

        var correct = new Network(4, Layers());
        correct.Initialize(seed);
        GradientCheckReport correctReport = GradientChecker.Check(correct, loss, batch, options);

        // Find the weight component with the largest back-propagated |g| (the loss part only) over every layer's W.
        var gradient = new float[batch.Count];
        correct.ZeroGradients();
        ReadOnlyMemory<float> output = correct.Forward(batch.Features, batch.Count, training: true);
        loss.Compute(output.Span, batch.Targets, batch.Weights, batch.Count, 1, gradient);
        correct.Backward(gradient, batch.Count);
        int layer = 0;
        int component = 0;
        double largest = 0;
        for (int li = 0; li < correct.Layers.Count; li++)
        {
            if (correct.Layers[li] is Dense dense)
            {
                float[] dW = dense.Weight.Gradient;
                for (int i = 0; i < dW.Length; i++)
                {
                    if (Math.Abs(dW[i]) > Math.Abs(largest))
                    {
                        (layer, component, largest) = (li, i, dW[i]);
                    }
                }
            }
        }

        correct.ZeroGradients();
        if (largest == 0)
        {
            throw new InvalidOperationException("Every weight gradient is zero on this batch (the ReLU units of a layer are all inactive), so there is no gradient to break; use another seed or batch.");
        }

        var layers = new List<Layer>(Layers());
        layers[layer] = new BrokenDense(((Dense)layers[layer]).Units, Initializer.HeNormal, component, factor);
        var broken = new Network(4, layers);
        broken.Initialize(seed);
        GradientCheckReport brokenReport = GradientChecker.Check(broken, loss, batch, options);
        return new GradientCheckingResult(correctReport, brokenReport, layer, component, largest);
    }

    /// <summary>
    /// The course's batch shape: 3 examples with 4 features drawn N(0, 1) and labels [1, 1, 0] (the notebook's
    /// <c>gradient_check_n_test_case</c>), drawn from <paramref name="seed"/>.
    /// </summary>
    /// <param name="seed">Seed for the features. Default 1.</param>
    public static ExampleSet DefaultData(long seed = 1)
    {
        const int count = 3;
        var rng = Rng.Derive(seed, RngStreams.Data, 100);
        var x = new float[count * 4];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextGaussian();
        }

        return new ExampleSet(x, 4, [1f, 1f, 0f]);
    }

    /// <summary>Prints a short report, or with <c>--json</c> the result's JSON.</summary>
    public static void Print(GradientCheckingResult result, string[] args)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--json"))
        {
            Console.WriteLine(result.ToJson());
            return;
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Gradient checking: [4, 5, 3, 1] ReLU network, sigmoid output, L2 lambda {Lambda.ToString(c)}, every parameter component");
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Correct back-propagation: difference {result.Correct.Difference:E2} over {result.Correct.Checked} components -> {(result.Correct.Passed ? "passed" : "FAILED")}"));
        Console.WriteLine(string.Create(c, $"Broken (layer {result.BrokenLayer} W[{result.BrokenComponent}], the largest |g| of the loss, {result.BrokenGradient:G4}, back-propagated 1% too large): difference {result.Broken.Difference:E2} -> {(result.Broken.Passed ? "passed (NOT flagged)" : "failed (flagged)")}"));
        foreach (GradientComponent w in result.Broken.Worst.Where(w => !w.Passed))
        {
            Console.WriteLine(string.Create(c, $"  flagged: layer {w.Layer} {w.LayerName} {w.Parameter}[{w.Index}]: back-propagated {w.Analytic:G6}, numerical {w.Numeric:G6}, relative error {w.RelativeError:E2}"));
        }

        Console.WriteLine();
        Console.WriteLine(result.Passed ? "Gradient checking works: the correct network passes and the broken one is caught." : "Gradient checking did NOT separate the correct and the broken network.");
    }

    private static Layer[] Layers() =>
        [new Dense(5, Initializer.HeNormal), new Relu(), new Dense(3, Initializer.HeNormal), new Relu(), new Dense(1, Initializer.HeNormal)];
}
