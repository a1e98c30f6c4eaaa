namespace MLNetDeep.Neural.Tests.Layers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Batch norm's fused, column-split kernels against a plain scalar twin written as the formulas read, bit for bit, on
/// odd widths and with 1 and 2 threads.
/// </summary>
[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class BatchNormKernelTests
{
    private sealed record Plain(float[] Y, float[] Dx, float[] DGamma, float[] DBeta, float[] RunningMean, float[] RunningVariance);

    private static Plain Twin(float[] x, float[] dy, float[] gamma, float[] beta, int n, int f, float momentum, float eps)
    {
        var mean = new float[f];
        var sumSquares = new float[f];
        var inv = new float[f];
        var runningMean = new float[f];
        var runningVariance = Enumerable.Repeat(1f, f).ToArray();
        for (int c = 0; c < f; c++)
        {
            float sum = 0f;
            for (int r = 0; r < n; r++)
            {
                sum += x[(r * f) + c];
            }

            mean[c] = sum * (1f / n);
            for (int r = 0; r < n; r++)
            {
                float d = x[(r * f) + c] - mean[c];
                sumSquares[c] = (d * d) + sumSquares[c];
            }

            float variance = sumSquares[c] / n;
            runningMean[c] = ((1f - momentum) * runningMean[c]) + (momentum * mean[c]);
            runningVariance[c] = ((1f - momentum) * runningVariance[c]) + (momentum * (n > 1 ? sumSquares[c] * (1f / (n - 1)) : variance));
            inv[c] = 1f / MathF.Sqrt(variance + eps);
        }

        var xhat = new float[n * f];
        var y = new float[n * f];
        for (int i = 0; i < n * f; i++)
        {
            int c = i % f;
            xhat[i] = (x[i] - mean[c]) * inv[c];
            y[i] = (xhat[i] * gamma[c]) + beta[c];
        }

        var sumDy = new float[f];
        var sumDyXhat = new float[f];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < f; c++)
            {
                sumDy[c] += dy[(r * f) + c];
                sumDyXhat[c] = (dy[(r * f) + c] * xhat[(r * f) + c]) + sumDyXhat[c];
            }
        }

        var dx = new float[n * f];
        for (int i = 0; i < n * f; i++)
        {
            int c = i % f;
            float meanDy = sumDy[c] * (1f / n), meanDyXhat = sumDyXhat[c] * (1f / n);
            dx[i] = ((dy[i] - (xhat[i] * meanDyXhat)) - meanDy) * (gamma[c] * inv[c]);
        }

        return new Plain(y, dx, sumDyXhat, sumDy, runningMean, runningVariance);
    }

    private static void AssertBits(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]), $"{what}[{i}]");
        }
    }

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(5, 3)]
    [DataRow(17, 7)]
    [DataRow(33, 17)]
    [DataRow(64, 33)]
    [DataRow(128, 256)]
    [DataRow(129, 130)]
    public void ForwardAndBackwardEqualThePlainTwinWithOneAndTwoThreads(int n, int f)
    {
        var rng = new Rng((n * 1000) + f);
        float[] Draw(int count, float scale, float shift) => Enumerable.Range(0, count).Select(_ => (((float)rng.NextGaussian()) * scale) + shift).ToArray();
        float[] x = Draw(n * f, 3f, 1.5f), dy = Draw(n * f, 1f, 0f), gamma = Draw(f, 0.5f, 1f), beta = Draw(f, 0.5f, 0f);
        Plain expected = Twin(x, dy, gamma, beta, n, f, 0.1f, 1e-5f);
        foreach (int threads in new[] { 1, 2 })
        {
            var bn = new BatchNorm();
            bn.Build(f);
            bn.Threads = threads;
            gamma.CopyTo(bn.Gamma.Value, 0);
            beta.CopyTo(bn.Beta.Value, 0);
            AssertBits(expected.Y, bn.Forward(x, n, training: true).Span, $"y ({threads} threads)");
            AssertBits(expected.Dx, bn.Backward(dy, n).Span, $"dx ({threads} threads)");
            AssertBits(expected.DGamma, bn.Gamma.Gradient, $"dgamma ({threads} threads)");
            AssertBits(expected.DBeta, bn.Beta.Gradient, $"dbeta ({threads} threads)");
            AssertBits(expected.RunningMean, bn.State[0], $"running mean ({threads} threads)");
            AssertBits(expected.RunningVariance, bn.State[1], $"running variance ({threads} threads)");
        }
    }

    [TestMethod]
    public void InferenceUsesTheRunningAveragesAndScoresARowAloneAsInABatch()
    {
        const int n = 40, f = 37;
        var rng = new Rng(5);
        float[] x = Enumerable.Range(0, n * f).Select(_ => (float)rng.NextGaussian()).ToArray();
        var bn = new BatchNorm();
        bn.Build(f);
        bn.Threads = 2;
        bn.Forward(x, n, training: true);
        float[] batch = bn.Forward(x, n, training: false).ToArray();
        for (int r = 0; r < n; r++)
        {
            float[] row = bn.Forward(x.AsMemory(r * f, f), 1, training: false).ToArray();
            AssertBits(row, batch.AsSpan(r * f, f), $"row {r}");
            for (int c = 0; c < f; c++)
            {
                float expected = ((x[(r * f) + c] - bn.State[0][c]) * (1f / MathF.Sqrt(bn.State[1][c] + 1e-5f)) * 1f) + 0f;
                Assert.AreEqual(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(batch[(r * f) + c]), $"row {r} column {c}");
            }
        }
    }
}
