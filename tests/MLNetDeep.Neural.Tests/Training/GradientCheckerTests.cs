namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

[TestClass]
public sealed class GradientCheckerTests
{
    private static ExampleSet Batch(int rows, int features, int classes, long seed)
    {
        var rng = new Rng(seed);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => (float)rng.NextInt(classes)).ToArray();
        return new ExampleSet(x, features, y);
    }

    /// <summary>The course's [4, 5, 3, 1] network (ReLU, sigmoid output) on a small batch.</summary>
    private static Network CourseNetwork(Layer first, long seed)
    {
        var n = new Network(4, [first, new Relu(), new Dense(3, Initializer.GlorotNormal), new Relu(), new Dense(1, Initializer.GlorotNormal)]);
        n.Initialize(seed);
        return n;
    }

    [TestMethod]
    public void ACorrectNetworkWithL2Passes()
    {
        GradientCheckReport r = GradientChecker.Check(CourseNetwork(new Dense(5, Initializer.GlorotNormal), 1), new BinaryCrossEntropy(), Batch(5, 4, 2, 2),
            new GradientCheckOptions { L2Regularization = 0.7f });
        Assert.IsTrue(r.Passed, $"difference {r.Difference}; worst {r.Worst[0]}");
        Assert.AreEqual(4 * 5 + 5 + 5 * 3 + 3 + 3 + 1, r.Checked, "every parameter component is checked");
        Assert.AreEqual(6, r.Parameters.Count, "W and b of three Dense layers");
        Assert.IsTrue(r.Difference < 1e-4, $"a float32 network checks to well below the threshold: {r.Difference}");
    }

    /// <summary>
    /// A large L2 term (lambda 50 over 8 rows, a cost near 100) must not pass for a gradient error: its sum of squares is
    /// taken in double, so its float rounding (about 1e-5 here, over 2 epsilon about 5e-3) does not reach the check.
    /// </summary>
    [TestMethod]
    public void ACorrectNetworkWithALargeL2TermPasses()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [32, 32] }.Build(4, 1);
        n.Initialize(3);
        GradientCheckReport r = GradientChecker.Check(n, new BinaryCrossEntropy(), Batch(8, 4, 2, 5),
            new GradientCheckOptions { L2Regularization = 50f, MaxComponentsPerParameter = 40 });
        Assert.IsTrue(r.Passed, $"difference {r.Difference}; worst {r.Worst[0]}");
    }

    /// <summary>
    /// A regression target of large scale (1e5, not standardized) must not pass for a gradient error: the squared error's
    /// cost is taken from the difference in double. In float, output - target near 1e5 rounds to 1/128, which swallows
    /// most of the output's change under a perturbation (the overall difference was 0.42; now 1.1e-5).
    /// </summary>
    [TestMethod]
    public void ACorrectRegressionNetworkWithALargeTargetChecksWellBelowTheThreshold()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [16], Activation = Activation.Tanh }.Build(4, 1);
        n.Initialize(3);
        ExampleSet batch = Batch(8, 4, 2, 5);
        var large = new ExampleSet(batch.Features, 4, batch.Targets.Select(t => 1e5f + (1e4f * t)).ToArray());
        GradientCheckReport r = GradientChecker.Check(n, new MeanSquaredError(), large);
        Assert.IsTrue(r.Difference < 1e-4, $"difference {r.Difference}; worst {r.Worst[0]}");
    }

    /// <summary>
    /// A perturbation that moves a ReLU input across 0 crosses a kink of the cost, where the centered difference is no
    /// derivative (here half of it): such components are left out and counted, not failed; when every component of a
    /// tensor crosses one, nothing speaks for that tensor and the check does not pass.
    /// </summary>
    [TestMethod]
    public void AComponentWhosePerturbationCrossesAReluKinkIsLeftOutAndCounted()
    {
        // x = 1 -> Dense(1): 1 * 1 - 0.9995 = 0.0005 -> ReLU -> Dense(1): 1 * h + 0 -> sigmoid cross-entropy against 1.
        var n = new Network(1, [new Dense(1), new Relu(), new Dense(1)]);
        n.Initialize(0);
        (n.Layers[0].Parameters[0].Value[0], n.Layers[0].Parameters[1].Value[0]) = (1f, -0.9995f);
        (n.Layers[2].Parameters[0].Value[0], n.Layers[2].Parameters[1].Value[0]) = (1f, 0f);
        GradientCheckReport r = GradientChecker.Check(n, new BinaryCrossEntropy(), new ExampleSet([1f], 1, [1f]));
        Assert.AreEqual(2, r.CrossedKinks, "W and b of the first layer move the ReLU input (0.0005) across 0 by 0.001");
        Assert.AreEqual(2, r.Checked, "the second layer's W and b are compared");
        Assert.IsTrue(r.Worst.All(c => c.Layer == 2 && c.Passed && !c.CrossedKink), string.Join("; ", r.Worst));
        Assert.IsTrue(r.Parameters.Where(p => p.Layer == 0).All(p => p.Checked == 0));
        Assert.IsFalse(r.Passed, "no component of the first layer's W or b was compared");

        GradientCheckReport small = GradientChecker.Check(n, new BinaryCrossEntropy(), new ExampleSet([1f], 1, [1f]), new GradientCheckOptions { Epsilon = 1e-4f });
        Assert.AreEqual(0, small.CrossedKinks, "a step smaller than the distance to the kink crosses none");
        Assert.IsTrue(small.Passed, $"difference {small.Difference}");
    }

    /// <summary>
    /// The trainers' default network (256 and 128 units, batch norm, dropout 0.2) on 16 rows: about one sampled component
    /// in ten crosses a ReLU kink; before kinks were recognized those failed the check of a correct network.
    /// </summary>
    [TestMethod]
    public void TheDefaultSizedNetworkPassesWithItsKinkCrossingsLeftOut()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [256, 128], BatchNorm = true, DropoutRate = 0.2f }.Build(16, 1);
        n.Initialize(1);
        GradientCheckReport r = GradientChecker.Check(n, new BinaryCrossEntropy(), Batch(16, 16, 2, 3), new GradientCheckOptions { MaxComponentsPerParameter = 50 });
        Assert.IsTrue(r.Passed, $"difference {r.Difference}, kinks {r.CrossedKinks}; worst {r.Worst[0]}");
        Assert.IsGreaterThan(0, r.CrossedKinks);
        Assert.IsLessThanOrEqualTo(r.Checked / 4, r.CrossedKinks);
    }

    [TestMethod]
    [DataRow(1L)]
    [DataRow(2L)]
    [DataRow(3L)]
    public void ABackwardWrongByOnePercentInOneComponentFails(long seed)
    {
        var broken = new BrokenDense(5, 1.01f);
        GradientCheckReport r = GradientChecker.Check(CourseNetwork(broken, seed), new BinaryCrossEntropy(), Batch(5, 4, 2, seed + 10),
            new GradientCheckOptions { L2Regularization = 0.7f });
        Assert.IsFalse(r.Passed, $"a 1% error must be flagged; difference {r.Difference}");
        GradientComponent worst = r.Worst[0];
        Assert.AreEqual(0, worst.Layer, "the worst component is in the broken layer");
        Assert.AreEqual("W", worst.Parameter);
        Assert.AreEqual(broken.LastComponent, worst.Index, "the worst component is the corrupted one");
        Assert.AreEqual(broken.LastError, worst.Analytic - worst.Numeric, Math.Abs(broken.LastError) * 0.2, "the report shows the injected error");
    }

    [TestMethod]
    public void BatchNormAndDropoutNetworksCheckWithTheMaskHeldFixed()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [6, 5], BatchNorm = true, DropoutRate = 0.3f, Activation = Activation.Tanh }.Build(3, 4);
        n.Initialize(4);
        float[][] before = n.Parameters.Select(p => (float[])p.Value.Clone()).Concat(n.Layers.SelectMany(l => l.State).Select(s => (float[])s.Clone())).ToArray();
        GradientCheckReport r = GradientChecker.Check(n, new SoftmaxCrossEntropy(), Batch(8, 3, 4, 5), new GradientCheckOptions { L2Regularization = 0.1f });
        Assert.IsTrue(r.Passed, $"difference {r.Difference}; worst {r.Worst[0]}");
        Assert.IsTrue(r.Parameters.Any(p => p.Parameter == "gamma"), "batch-norm parameters are checked");
        float[][] after = n.Parameters.Select(p => p.Value).Concat(n.Layers.SelectMany(l => l.State)).ToArray();
        TrainingTestData.AssertBitIdentical(before, after, "weights and running statistics are restored");
    }

    [TestMethod]
    public void OneRowThroughBatchNormIsRefusedNotPassedVacuously()
    {
        // Batch norm normalizes one row to zeros: every gradient before it is 0 both ways, so the check would pass.
        Network n = new NetworkArchitecture { HiddenLayers = [6, 5], BatchNorm = true }.Build(3, 4);
        n.Initialize(4);
        var e = Assert.ThrowsExactly<ArgumentException>(() => GradientChecker.Check(n, new SoftmaxCrossEntropy(), Batch(1, 3, 4, 5)));
        StringAssert.Contains(e.Message, "The batch has 1 row(s); a network with batch norm needs at least 2");
        Assert.IsTrue(GradientChecker.Check(TrainingTestData.Net(), new BinaryCrossEntropy(), Batch(1, 2, 1, 5)).Passed, "one row without batch norm is checked");
    }

    [TestMethod]
    public void ASeededSampleChecksAtMostTheRequestedComponentsPerTensor()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [40] }.Build(30, 3);
        n.Initialize(1);
        var o = new GradientCheckOptions { MaxComponentsPerParameter = 10, Seed = 3 };
        GradientCheckReport a = GradientChecker.Check(n, new SoftmaxCrossEntropy(), Batch(6, 30, 3, 1), o);
        GradientCheckReport b = GradientChecker.Check(n, new SoftmaxCrossEntropy(), Batch(6, 30, 3, 1), o);
        Assert.AreEqual(10 + 10 + 10 + 3, a.Checked, "10 of W1, 10 of b1, 10 of W2 and all 3 of b2");
        Assert.AreEqual(a.Difference, b.Difference, "the same seed samples the same components");
        Assert.IsTrue(a.Passed);
    }
}
