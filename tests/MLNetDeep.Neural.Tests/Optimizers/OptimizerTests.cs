namespace MLNetDeep.Neural.Tests.Optimizers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;

[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class OptimizerTests
{
    private static Parameter Param(float w, float g, bool regularized = true)
    {
        var p = new Parameter("W", 1, 1, regularized);
        p.Value[0] = w;
        p.Gradient[0] = g;
        return p;
    }

    [TestMethod]
    public void GradientDescentStep()
    {
        var p = Param(1f, 0.5f);
        new OptimizerOptions { Kind = OptimizerKind.GradientDescent }.Create().Step([p], 0.1f);
        Assert.AreEqual(0.95f, p.Value[0], 1e-7f);
    }

    [TestMethod]
    public void MomentumStepsFollowTheCourseForm()
    {
        // v1 = 0.9*0 + 0.1*0.5 = 0.05 ; w = 1 - 0.1*0.05 = 0.995
        // v2 = 0.9*0.05 + 0.1*1.0 = 0.145 ; w = 0.995 - 0.1*0.145 = 0.9805
        var p = Param(1f, 0.5f);
        var opt = new OptimizerOptions { Kind = OptimizerKind.Momentum }.Create();
        opt.Step([p], 0.1f);
        Assert.AreEqual(0.995f, p.Value[0], 1e-7f);
        p.Gradient[0] = 1f;
        opt.Step([p], 0.1f);
        Assert.AreEqual(0.9805f, p.Value[0], 1e-6f);
    }

    [TestMethod]
    public void NesterovLooksAhead()
    {
        // v1 = 0.05 ; step = 0.9*0.05 + 0.1*0.5 = 0.095 ; w = 1 - 0.1*0.095
        var p = Param(1f, 0.5f);
        new OptimizerOptions { Kind = OptimizerKind.Momentum, Nesterov = true }.Create().Step([p], 0.1f);
        Assert.AreEqual(1f - 0.1f * 0.095f, p.Value[0], 1e-7f);
    }

    [TestMethod]
    public void NesterovWithAnotherOptimizerIsRefusedNotIgnored()
    {
        foreach (OptimizerKind kind in new[] { OptimizerKind.GradientDescent, OptimizerKind.RmsProp, OptimizerKind.Adam, OptimizerKind.AdamW })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => new OptimizerOptions { Kind = kind, Nesterov = true }.Create());
            Assert.AreEqual("Nesterov", e.ParamName);
            StringAssert.Contains(e.Message, $"Nesterov is true but the optimizer is {kind}");
            StringAssert.Contains(e.Message, "Momentum only");
        }
    }

    [TestMethod]
    public void RmsPropStep()
    {
        // s = 0.1 * 0.25 = 0.025 ; w = 1 - 0.01 * 0.5 / (sqrt(0.025) + 1e-8)
        var p = Param(1f, 0.5f);
        new OptimizerOptions { Kind = OptimizerKind.RmsProp }.Create().Step([p], 0.01f);
        Assert.AreEqual(1f - 0.01f * 0.5f / (MathF.Sqrt(0.025f) + 1e-8f), p.Value[0], 1e-7f);
    }

    [TestMethod]
    public void AdamStepsAreBiasCorrected()
    {
        // t=1: m = 0.1 g, v = 0.001 g^2, mhat = g, vhat = g^2 -> w -= lr * g/|g| = lr (sign)
        var p = Param(1f, 0.5f);
        var opt = new OptimizerOptions().Create();
        opt.Step([p], 0.01f);
        Assert.AreEqual(0.99f, p.Value[0], 1e-6f);
        // t=2 with g = 0.25: m = 0.9*0.05 + 0.1*0.25 = 0.07 ; v = 0.999*0.00025 + 0.001*0.0625 = 0.00031225
        // mhat = 0.07/0.19 ; vhat = 0.00031225/0.001999
        p.Gradient[0] = 0.25f;
        opt.Step([p], 0.01f);
        double mhat = 0.07 / 0.19, vhat = 0.00031225 / (1 - 0.999 * 0.999);
        Assert.AreEqual(0.99 - 0.01 * mhat / (Math.Sqrt(vhat) + 1e-8), p.Value[0], 1e-6);
        Assert.AreEqual(2, opt.StepCount);
    }

    [TestMethod]
    public void AdamWDecaysWeightsButNotBiases()
    {
        var w = Param(2f, 0f);
        var b = Param(2f, 0f, regularized: false);
        new OptimizerOptions { Kind = OptimizerKind.AdamW, WeightDecay = 0.1f }.Create().Step([w, b], 0.5f);
        Assert.AreEqual(2f * (1 - 0.5f * 0.1f), w.Value[0], 1e-6f, "w -= lr * lambda * w (zero gradient: Adam adds nothing)");
        Assert.AreEqual(2f, b.Value[0]);
        Assert.AreEqual(0.01f, new OptimizerOptions { Kind = OptimizerKind.AdamW }.EffectiveWeightDecay, "PyTorch's AdamW default");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(37)]
    public void VectorizedRulesEqualAPlainLoopOnOddLengths(int length)
    {
        var rng = new MLNetDeep.Neural.Numerics.Rng(length);
        float[] g = Enumerable.Range(0, length).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] w = Enumerable.Range(0, length).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] m = new float[length], v = new float[length], w2 = (float[])w.Clone();
        UpdateRules.Adam(w, g, m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
        for (int i = 0; i < length; i++)
        {
            // the plain twin, in the rule's (PyTorch's) arrangement, from zero state
            float mi = (0.9f * 0f) + ((1f - 0.9f) * g[i]);
            float vi = (0.999f * 0f) + ((1f - 0.999f) * (g[i] * g[i]));
            float stepSize = 0.01f / 0.1f, invSqrtC2 = (float)(1.0 / Math.Sqrt(0.001f));
            w2[i] -= stepSize * mi / ((MathF.Sqrt(vi) * invSqrtC2) + 1e-8f);
        }

        CollectionAssert.AreEqual(w2, w);
    }

    [TestMethod]
    public void BadOptimizerSettingsNameTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new OptimizerOptions { Beta2 = 1f }.Validate());
        StringAssert.Contains(e.Message, "Beta2 is 1");
        Assert.ThrowsExactly<ArgumentException>(() => new OptimizerOptions { WeightDecay = -1 }.Validate());
    }

    [TestMethod]
    [DataRow(OptimizerKind.GradientDescent)]
    [DataRow(OptimizerKind.Momentum)]
    [DataRow(OptimizerKind.RmsProp)]
    [DataRow(OptimizerKind.Adam)]
    [DataRow(OptimizerKind.AdamW)]
    public void SplittingOverThreadsLeavesTheSameWeights(OptimizerKind kind)
    {
        // A parameter large enough to be split (100,003 elements: parts of 50,008 and 49,995), three steps.
        Parameter Make()
        {
            var p = new Parameter("W", 1, 100_003, regularized: true);
            var rng = new MLNetDeep.Neural.Numerics.Rng(9);
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (float)rng.NextGaussian();
            }

            return p;
        }

        void Gradients(Parameter p, int step)
        {
            var rng = new MLNetDeep.Neural.Numerics.Rng(100 + step);
            for (int i = 0; i < p.Length; i++)
            {
                p.Gradient[i] += (float)rng.NextGaussian();
            }
        }

        Parameter plain = Make(), split = Make();
        Optimizer one = new OptimizerOptions { Kind = kind }.Create();
        Optimizer two = new OptimizerOptions { Kind = kind }.Create();
        two.Threads = 2;
        for (int step = 0; step < 3; step++)
        {
            Array.Clear(plain.Gradient);
            Array.Clear(split.Gradient);
            Gradients(plain, step);
            Gradients(split, step);
            one.Step([plain], 0.01f);
            two.Step([split], 0.01f);
        }

        CollectionAssert.AreEqual(plain.Value, split.Value, "the same weights, bit for bit");
    }
}
