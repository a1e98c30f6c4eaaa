namespace MLNetDeep.Neural.Tests.Losses;

using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;

[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class LossTests
{
    private static void CheckGradient(Loss loss, float[] output, float[] target, float[] weights, int batch, int width)
    {
        var gradient = new float[output.Length];
        loss.Compute(output, target, weights, batch, width, gradient);
        for (int i = 0; i < output.Length; i++)
        {
            float orig = output[i];
            const float eps = 1e-3f;
            output[i] = orig + eps;
            double up = output[i] - (double)orig;
            double plus = loss.Compute(output, target, weights, batch, width, default);
            output[i] = orig - eps;
            double down = orig - (double)output[i];
            double minus = loss.Compute(output, target, weights, batch, width, default);
            output[i] = orig;
            double numeric = (plus - minus) / (up + down);
            Assert.AreEqual(numeric, gradient[i], 1e-4 * (1 + Math.Abs(numeric)), $"{loss.Name}: d/d output[{i}]");
        }
    }

    private static float[] Random(int n, long seed, double scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextGaussian() * scale)).ToArray();
    }

    [TestMethod]
    public void BinaryCrossEntropyGradientMatchesFiniteDifferences()
    {
        CheckGradient(new BinaryCrossEntropy(), Random(6, 1, 2), [0, 1, 1, 0, 1, 0], [], 6, 1);
        CheckGradient(new BinaryCrossEntropy(), Random(6, 2, 2), [0, 1, 1, 0, 0.3f, 0], [1, 2, 0.5f, 0, 1, 3], 6, 1);
    }

    [TestMethod]
    public void SoftmaxCrossEntropyGradientMatchesFiniteDifferences()
    {
        CheckGradient(new SoftmaxCrossEntropy(), Random(12, 3, 2), [0, 3, 2], [], 3, 4);
        CheckGradient(new SoftmaxCrossEntropy(), Random(12, 4, 2), [1, 1, 0], [0.5f, 2, 1], 3, 4);
    }

    [TestMethod]
    public void MeanSquaredErrorGradientMatchesFiniteDifferences()
    {
        CheckGradient(new MeanSquaredError(), Random(6, 5), Random(6, 6), [], 3, 2);
        CheckGradient(new MeanSquaredError(), Random(6, 7), Random(6, 8), [1, 0, 4], 3, 2);
    }

    [TestMethod]
    public void BinaryCrossEntropyIsStableForHugeLogits()
    {
        var loss = new BinaryCrossEntropy();
        var g = new float[4];
        double l = loss.Compute([1000f, -1000f, 1000f, -1000f], [1, 0, 0, 1], [], 4, 1, g);
        Assert.AreEqual(500.0, l, 1e-9, "two exact predictions cost 0, two confident mistakes cost 1000 each: mean 500");
        CollectionAssert.AreEqual(new float[] { 0, 0, 0.25f, -0.25f }, g);
    }

    [TestMethod]
    public void BinaryCrossEntropyMatchesTheTextbookFormula()
    {
        double l = new BinaryCrossEntropy().Compute([0.3f], [1], [], 1, 1, default);
        double s = 1 / (1 + Math.Exp(-0.3));
        Assert.AreEqual(-Math.Log(s), l, 1e-7);
    }

    [TestMethod]
    public void SoftmaxCrossEntropyIsStableForHugeLogits()
    {
        double l = new SoftmaxCrossEntropy().Compute([1000f, 0f, -1000f], [1], [], 1, 3, default);
        Assert.AreEqual(1000.0, l, 1e-9);
    }

    [TestMethod]
    public void WeightedLossIsTheWeightedMean()
    {
        var loss = new MeanSquaredError();
        double l = loss.Compute([1f, 3f], [0f, 0f], [3f, 1f], 2, 1, default);
        Assert.AreEqual((3 * 1 + 1 * 9) / 4.0, l, 1e-12);
    }

    [TestMethod]
    public void BadLabelsNameTheRowAndValue()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxCrossEntropy().Compute([0, 0, 0, 0], [1, 2], [], 2, 2, default));
        StringAssert.Contains(e.Message, "row 1 is 2");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new BinaryCrossEntropy().Compute([0, 0], [0, 2], [], 2, 1, default));
        StringAssert.Contains(e2.Message, "row 1");
    }

    [TestMethod]
    public void MetricsCountCorrectPredictions()
    {
        Assert.AreEqual(2, new BinaryCrossEntropy().MetricSum([2f, -1f, 0.5f], [1, 1, 1], 3, 1));
        Assert.AreEqual(1, new SoftmaxCrossEntropy().MetricSum([0f, 5f, 1f, 9f, 0f, 2f], [1, 2], 2, 3));
        Assert.AreEqual(2.5, new MeanSquaredError().MetricSum([1f, 2f], [0f, 0f], 1, 2), 1e-12);
    }

    [TestMethod]
    [DataRow(128, 10, false)]
    [DataRow(300, 10, true)]
    [DataRow(97, 3, true)]
    public void SoftmaxCrossEntropyGivesTheSameBitsWithOneAndTwoThreads(int batch, int width, bool weighted)
    {
        var rng = new Rng(batch + width);
        float[] z = Enumerable.Range(0, batch * width).Select(_ => (float)(rng.NextGaussian() * 3)).ToArray();
        float[] y = Enumerable.Range(0, batch).Select(_ => (float)rng.NextInt(width)).ToArray();
        float[] w = weighted ? Enumerable.Range(0, batch).Select(_ => (float)rng.NextDouble()).ToArray() : [];
        var loss = new SoftmaxCrossEntropy();
        float[] g1 = new float[batch * width], g2 = new float[batch * width];
        double one = loss.Compute(z, y, w, batch, width, g1, threads: 1);
        double two = loss.Compute(z, y, w, batch, width, g2, threads: 2);
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(one), BitConverter.DoubleToInt64Bits(two), "loss");
        Numerics.GemmCheck.AssertBits(g1, g2, "gradient");
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(one), BitConverter.DoubleToInt64Bits(loss.Compute(z, y, w, batch, width, default)), "the public overload (one thread, no gradient)");
    }
}
