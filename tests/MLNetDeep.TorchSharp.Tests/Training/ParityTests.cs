namespace MLNetDeep.TorchSharp.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using static Parity;

/// <summary>
/// From the same initial weights, a few epochs of mini-batch training on both backends end close together. The
/// criterion: every parameter and running statistic within <see cref="WeightTolerance"/> relative (|a - b| / (1 + |a|)),
/// every epoch's training loss within <see cref="LossTolerance"/> relative, and the accuracy or MSE within
/// <see cref="MetricTolerance"/>. The backends differ only by float32 rounding (libtorch sums in another order, and
/// its losses accumulate in float rather than double), which grows a little with every step.
/// </summary>
[TestClass]
public sealed class ParityTests
{
    /// <summary>Relative weight difference allowed after the run.</summary>
    public const double WeightTolerance = 1e-5;

    /// <summary>Relative training-loss difference allowed at every epoch.</summary>
    public const double LossTolerance = 1e-5;

    /// <summary>Difference in the training metric allowed at every epoch (one example in 256 flips its prediction).</summary>
    public const double MetricTolerance = 1.0 / 256 + 1e-9;

    public TestContext TestContext { get; set; } = null!;

    private static readonly NetworkArchitecture Small = new() { HiddenLayers = [16, 8] };

    private static TrainingOptions Options(OptimizerKind kind, float lr) => new()
    {
        LearningRate = lr, NumberOfEpochs = 5, BatchSize = 32, Seed = 3, NumberOfThreads = 1,
        Optimizer = new OptimizerOptions { Kind = kind },
    };

    public static IEnumerable<object[]> Optimizers =>
    [
        [OptimizerKind.GradientDescent, false, 0.1f],
        [OptimizerKind.Momentum, false, 0.1f],
        [OptimizerKind.Momentum, true, 0.1f],
        [OptimizerKind.RmsProp, false, 0.003f],
        [OptimizerKind.Adam, false, 0.003f],
        [OptimizerKind.AdamW, false, 0.003f],
    ];

    [TestMethod]
    [DynamicData(nameof(Optimizers))]
    public void EachOptimizerMatches(OptimizerKind kind, bool nesterov, float lr)
    {
        TrainingOptions o = Options(kind, lr) with { Optimizer = new OptimizerOptions { Kind = kind, Nesterov = nesterov } };
        Check(Run(Small, new BinaryCrossEntropy(), Moons(), o));
    }

    [TestMethod]
    public void L2AndWeightDecayMatch()
    {
        TrainingOptions o = Options(OptimizerKind.Adam, 0.01f) with { L2Regularization = 0.7f, Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, WeightDecay = 0.05f } };
        Check(Run(Small, new BinaryCrossEntropy(), Moons(), o));
    }

    [TestMethod]
    public void BatchNormMatchesIncludingABatchOfOne()
    {
        // 257 examples in batches of 32: the last batch of one example joins the one before on both backends.
        var arch = new NetworkArchitecture { HiddenLayers = [16, 8], BatchNorm = true };
        Check(Run(arch, new SoftmaxCrossEntropy(), Blobs(257), Options(OptimizerKind.Adam, 0.01f)));

        // With momentum 1 the running variance is the last batch's: 0 everywhere if that batch were one row.
        Outcome r = Run(arch with { BatchNormMomentum = 1f }, new SoftmaxCrossEntropy(), Blobs(257), Options(OptimizerKind.Adam, 0.01f));
        Check(r);
        foreach (Network n in new[] { r.Managed, r.Torch })
        {
            float[] variance = n.Layers.OfType<BatchNorm>().First().State[1];
            Assert.IsTrue(variance.All(v => v > 1e-4f), $"running variance {string.Join(", ", variance)}");
        }
    }

    public static IEnumerable<object[]> Schedules =>
    [
        ["constant"], ["inverse-time:0.5"], ["inverse-time:1:2"], ["exponential:0.8"], ["step:2:0.5"], ["cosine:1:0.0001"], ["plateau:0.5:1"],
    ];

    [TestMethod]
    [DynamicData(nameof(Schedules))]
    public void EachScheduleMatches(string schedule)
    {
        TrainingOptions o = Options(OptimizerKind.Momentum, 0.2f) with { Schedule = LearningRateSchedule.Parse(schedule), NumberOfEpochs = 6 };
        Outcome r = Run(Small, new BinaryCrossEntropy(), Moons(), o);
        CollectionAssert.AreEqual(r.ManagedResult.History.Select(h => h.LearningRate).ToArray(), r.TorchResult.History.Select(h => h.LearningRate).ToArray(), "the same rate every epoch");
        Check(r);
    }

    [TestMethod]
    public void GradientClippingMatches()
    {
        TrainingOptions o = Options(OptimizerKind.GradientDescent, 0.5f) with { GradientClipNorm = 0.05f };
        Check(Run(Small, new BinaryCrossEntropy(), Moons(), o));
    }

    [TestMethod]
    public void ExampleWeightsMatch()
    {
        Check(Run(Small, new SoftmaxCrossEntropy(), Weighted(Blobs()), Options(OptimizerKind.Adam, 0.01f)));
        Check(Run(Small, new BinaryCrossEntropy(), Weighted(Moons()), Options(OptimizerKind.Adam, 0.01f)));
    }

    [TestMethod]
    public void EachLossMatches()
    {
        Check(Run(Small, new BinaryCrossEntropy(), Moons(), Options(OptimizerKind.Adam, 0.01f)));
        Check(Run(Small, new SoftmaxCrossEntropy(), Blobs(), Options(OptimizerKind.Adam, 0.01f)));
        Check(Run(Small with { Activation = Activation.Tanh }, new MeanSquaredError(), Regression(weighted: true), Options(OptimizerKind.Adam, 0.01f)));
    }

    [TestMethod]
    public void OtherActivationsMatch()
    {
        foreach (Activation a in new[] { Activation.LeakyRelu, Activation.Sigmoid, Activation.Identity })
        {
            Check(Run(Small with { Activation = a }, new BinaryCrossEntropy(), Moons(), Options(OptimizerKind.Adam, 0.01f)));
        }
    }

    [TestMethod]
    public void ValidationSplitAndMetricsMatch()
    {
        TrainingOptions o = Options(OptimizerKind.Adam, 0.01f) with { ValidationFraction = 0.25f };
        Outcome r = Run(Small, new SoftmaxCrossEntropy(), Blobs(), o);
        Check(r);
        for (int e = 0; e < r.ManagedResult.History.Count; e++)
        {
            EpochRecord a = r.ManagedResult.History[e], b = r.TorchResult.History[e];
            Assert.AreEqual(a.ValidationLoss!.Value, b.ValidationLoss!.Value, LossTolerance * (1e-3 + a.ValidationLoss.Value), $"validation loss, epoch {e + 1}");
            Assert.AreEqual(a.ValidationMetric!.Value, b.ValidationMetric!.Value, 1.0 / 75 + 1e-9, $"validation accuracy, epoch {e + 1}");
        }
    }

    [TestMethod]
    public void ClassWeightsMatchAndLeaveTheHeldOutRowsUnweighted()
    {
        // Both backends get the class-weighted training rows from TrainingLoop.Prepare, after the validation split: they
        // train alike, and libtorch's validation loss is the held-out rows' loss with their example weights only.
        TrainingOptions o = Options(OptimizerKind.Adam, 0.01f) with { ValidationFraction = 0.25f, ClassWeights = [1f, 4f] };
        ExampleSet data = Weighted(Moons());
        Outcome r = Run(Small, new BinaryCrossEntropy(), data, o);
        Check(r);
        (_, ExampleSet held) = NetworkTrainer.SplitValidation(data, 0.25f, o.Seed);
        var output = new float[held.Count];
        r.Torch.Predict(held.Features, held.Count, output);
        var loss = new BinaryCrossEntropy();
        double plain = loss.Compute(output, held.Targets, held.Weights, held.Count, 1, default);
        double classWeighted = loss.Compute(output, held.Targets, [.. held.Weights!.Select((w, i) => w * o.ClassWeights![(int)held.Targets[i]])], held.Count, 1, default);
        Assert.AreEqual(plain, r.TorchResult.History[^1].ValidationLoss!.Value, 1e-5 * plain, $"libtorch's validation loss; class-weighted it would be {classWeighted}");
        Assert.IsGreaterThan(0.01, Math.Abs(classWeighted - plain), "the check could fail");
        Check(Run(Small, new SoftmaxCrossEntropy(), Blobs(), Options(OptimizerKind.Adam, 0.01f) with { ClassWeights = [1f, 2f, 0.5f, 3f] }));
    }

    [TestMethod]
    public void A_class_weight_of_0_matches_where_whole_batches_weigh_0()
    {
        // Class 1's rows first, then class 0's, without shuffling: with ClassWeights 0,1 the second half's batches weigh
        // 0, a step of L2 and Adam's momentum only (loss 0, no data gradient) on both backends, and left out of the
        // epoch's training loss. Before, both refused such a batch ("example weights of the batch sum to 0").
        ExampleSet moons = Moons();
        ExampleSet sorted = moons.Subset([.. Enumerable.Range(0, moons.Count).OrderByDescending(i => moons.Targets[i])]);
        Check(Run(Small, new BinaryCrossEntropy(), sorted, Options(OptimizerKind.Adam, 0.01f) with { Shuffle = false, L2Regularization = 0.3f, ClassWeights = [0f, 1f] }));
    }

    private void Check(Outcome r)
    {
        TestContext.WriteLine(r.ToString());
        Assert.AreEqual(r.ManagedResult.History.Count, r.TorchResult.History.Count, "epochs trained");
        Assert.AreEqual(r.ManagedResult.MetricName, r.TorchResult.MetricName);
        Assert.IsTrue(r.WeightDifference <= WeightTolerance, $"weights: {r}");
        Assert.IsTrue(r.LossDifference <= LossTolerance, $"losses: {r}");
        Assert.IsTrue(r.MetricDifference <= MetricTolerance, $"metrics: {r}");
    }
}
