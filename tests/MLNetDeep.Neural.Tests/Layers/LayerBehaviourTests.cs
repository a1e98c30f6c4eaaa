namespace MLNetDeep.Neural.Tests.Layers;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

[TestClass]
public sealed class LayerBehaviourTests
{
    [TestMethod]
    public void DenseForwardComputesXWPlusB()
    {
        var dense = new Dense(2);
        dense.Build(3);
        float[] w = [1, 2, 3, 4, 5, 6]; // W [3,2]
        w.CopyTo(dense.Weight.Value, 0);
        dense.Bias!.Value[0] = 0.5f;
        dense.Bias.Value[1] = -1f;
        float[] y = dense.Forward(new float[] { 1, 0, -1, 2, 1, 0 }, 2, training: false).ToArray();
        // row 0: [1,0,-1] W = [1-5, 2-6] = [-4,-4] + b ; row 1: [2,1,0] W = [2+3, 4+4] = [5, 8] + b
        CollectionAssert.AreEqual(new float[] { -3.5f, -5f, 5.5f, 7f }, y);
    }

    /// <summary>
    /// Backward adds to the parameter gradients by default (PyTorch's <c>.grad</c>); with OverwriteGradients, the
    /// trainer's mode, it writes them, so whatever they held before is ignored and nothing needs to zero them.
    /// </summary>
    [TestMethod]
    public void BackwardAddsToGradientsByDefaultAndWritesThemWhenOverwriting()
    {
        static Network Make()
        {
            Network n = new NetworkArchitecture { HiddenLayers = [5], BatchNorm = true }.Build(4, 3); // Dense (no bias), BatchNorm, Dense with bias
            n.Initialize(2);
            return n;
        }

        var rng = new Rng(5);
        float[] x = Enumerable.Range(0, 12 * 4).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] dy = Enumerable.Range(0, 12 * 3).Select(_ => (float)rng.NextGaussian()).ToArray();
        void Pass(Network n)
        {
            n.Forward(x, 12, training: true);
            n.Backward(dy, 12);
        }

        Network once = Make(), twiceAdded = Make(), twiceWritten = Make();
        Pass(once);
        Pass(twiceAdded);
        Pass(twiceAdded);
        twiceWritten.OverwriteGradients = true;
        foreach (Parameter p in twiceWritten.Parameters)
        {
            Array.Fill(p.Gradient, 1000f); // stale values must not leak in
        }

        Pass(twiceWritten);
        Pass(twiceWritten);
        Assert.AreEqual(5, once.Parameters.Count, "weights, gamma, beta, weights and bias");
        for (int i = 0; i < once.Parameters.Count; i++)
        {
            float[] g = once.Parameters[i].Gradient;
            Assert.IsTrue(g.Any(v => v != 0f), $"parameter {i} has a gradient");
            CollectionAssert.AreEqual(g, twiceWritten.Parameters[i].Gradient, $"parameter {i}: written, not added to");
            for (int k = 0; k < g.Length; k++)
            {
                Assert.AreEqual(2 * g[k], twiceAdded.Parameters[i].Gradient[k], 1e-5f * (1 + Math.Abs(g[k])), $"parameter {i}[{k}]: added by default");
            }
        }
    }

    [TestMethod]
    public void BatchNormTrainingNormalizesAndUpdatesRunningAveragesLikePyTorch()
    {
        var bn = new BatchNorm();
        bn.Build(2);
        float[] x = [1, 10, 2, 20, 3, 30, 4, 40]; // 4 rows x 2 features
        float[] y = bn.Forward(x, 4, training: true).ToArray();
        for (int f = 0; f < 2; f++)
        {
            double mean = 0, sq = 0;
            for (int r = 0; r < 4; r++)
            {
                mean += y[r * 2 + f];
            }

            mean /= 4;
            for (int r = 0; r < 4; r++)
            {
                sq += (y[r * 2 + f] - mean) * (y[r * 2 + f] - mean);
            }

            Assert.AreEqual(0, mean, 1e-6);
            Assert.AreEqual(1, sq / 4, 1e-3, "biased batch variance is used for normalization");
        }

        // PyTorch: running = 0.9 * running + 0.1 * batch; running variance takes the unbiased variance.
        // feature 0: mean 2.5, unbiased var 1.6667; feature 1: mean 25, unbiased var 166.67
        Assert.AreEqual(0.25f, bn.State[0][0], 1e-6f);
        Assert.AreEqual(2.5f, bn.State[0][1], 1e-5f);
        Assert.AreEqual(0.9f + 0.1f * (5f / 3f), bn.State[1][0], 1e-5f);
        Assert.AreEqual(0.9f + 0.1f * (500f / 3f), bn.State[1][1], 1e-3f);
    }

    [TestMethod]
    public void BatchNormInferenceUsesRunningAverages()
    {
        var bn = new BatchNorm(momentum: 1f); // running = last batch exactly
        bn.Build(1);
        bn.Forward(new float[] { 0, 2 }, 2, training: true); // mean 1, unbiased var 2
        float y = bn.Forward(new float[] { 3 }, 1, training: false).Span[0];
        Assert.AreEqual((3 - 1) / MathF.Sqrt(2 + 1e-5f), y, 1e-6f);
    }

    [TestMethod]
    public void DropoutDropsAboutRateAndScalesSurvivorsByInverseKeepProbability()
    {
        var d = new Dropout(0.25f) { Generator = new Rng(42) };
        d.Build(1000);
        var x = Enumerable.Repeat(1f, 10_000).ToArray();
        float[] y = d.Forward(x, 10, training: true).ToArray();
        int dropped = y.Count(v => v == 0f);
        Assert.AreEqual(2500, dropped, 150, "about a quarter dropped");
        Assert.IsTrue(y.Where(v => v != 0f).All(v => v == 1f / 0.75f), "survivors scaled by 1/keep_prob");
        CollectionAssert.AreEqual(x, d.Forward(x, 10, training: false).ToArray(), "inference is the identity");
    }

    [TestMethod]
    public void DropoutRateOutsideItsRangeIsRejectedWithTheValue()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Dropout(1f));
        StringAssert.Contains(e.Message, "[0, 1)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Dropout(-0.1f));
    }

    [TestMethod]
    public void SoftmaxRowsSumToOneAndSurviveHugeLogits()
    {
        var s = new Softmax();
        s.Build(3);
        float[] y = s.Forward(new float[] { 1000, 0, -1000, 1, 2, 3 }, 2, false).ToArray();
        Assert.AreEqual(1f, y[0], 1e-6f);
        Assert.AreEqual(1f, y[3] + y[4] + y[5], 1e-6f);
        Assert.IsTrue(y.All(float.IsFinite));
    }

    [TestMethod]
    public void NetworkRejectsNoLayersAndLayersOfZeroUnits()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Network(2, []));
        StringAssert.Contains(e.Message, "at least one layer");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new NetworkArchitecture { HiddenLayers = [4, 0] }.Build(2, 1));
        StringAssert.Contains(e2.Message, "HiddenLayers[1] is 0");
    }

    [TestMethod]
    public void ArchitectureBuildsDenseBatchNormActivationDropoutPerHiddenLayer()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [8, 4], BatchNorm = true, DropoutRate = 0.1f, Activation = Activation.Tanh }.Build(3, 2);
        string[] names = n.Layers.Select(l => l.DisplayName).ToArray();
        CollectionAssert.AreEqual(new[] { "Dense(8, no bias)", "BatchNorm", "Tanh", "Dropout(0.1)", "Dense(4, no bias)", "BatchNorm", "Tanh", "Dropout(0.1)", "Dense(2)" }, names);
        Assert.AreEqual(Initializer.GlorotUniform, ((Dense)n.Layers[0]).Initializer, "tanh defaults to Glorot");
        Assert.AreEqual(Initializer.HeNormal, new NetworkArchitecture().EffectiveInitializer, "ReLU defaults to He");
        Assert.AreEqual(3 * 8 + 16 + 8 * 4 + 8 + 4 * 2 + 2, n.ParameterCount);
    }

    [TestMethod]
    public void InitializeIsSeeded()
    {
        var a = new NetworkArchitecture { HiddenLayers = [5] }.Build(3, 1);
        var b = new NetworkArchitecture { HiddenLayers = [5] }.Build(3, 1);
        a.Initialize(7);
        b.Initialize(7);
        CollectionAssert.AreEqual(a.Parameters[0].Value, b.Parameters[0].Value);
        b.Initialize(8);
        CollectionAssert.AreNotEqual(a.Parameters[0].Value, b.Parameters[0].Value);
    }
}
