namespace MLNetDeep.Neural.Tests.Paths;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Tests.Numerics;

/// <summary>
/// Every element-wise kernel with hand-written vector loops, on each <see cref="SimdPath"/> this process runs
/// (Vector512 where AVX-512 is on, Vector256, scalar), against its plain twin written as the formula reads, bit for bit,
/// on odd lengths that cross the 8- and 16-wide vector edges. The AVX2 path of an AVX-512 machine is covered again by
/// <see cref="Avx2PathTests"/>, which reruns these tests in a child process with AVX-512 turned off.
/// </summary>
[TestClass]
[TestCategory(Avx2PathTests.Category)]
public sealed class SimdPathTests
{
    private static readonly int[] Lengths = [1, 3, 7, 8, 15, 16, 17, 31, 33, 65, 130, 1031];

    private static IEnumerable<SimdPath> Paths() =>
        new[] { SimdPath.Vector512, SimdPath.Vector256, SimdPath.Scalar }.Where(Simd.IsSupported);

    private static float[] Draw(Rng rng, int count, float scale = 1f, float shift = 0f) =>
        Enumerable.Range(0, count).Select(_ => ((float)rng.NextGaussian() * scale) + shift).ToArray();

    [TestMethod]
    public void TheBestPathIsVector512ExactlyWhenDotNetAcceleratesIt()
    {
        Assert.AreEqual(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, Simd.Best == SimdPath.Vector512);
        Assert.AreEqual(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, ManagedGemm.BestKernel == GemmKernelKind.Vector512Fma);
    }

    [TestMethod]
    public unsafe void BatchNormKernelsEqualTheirPlainTwins()
    {
        // A block of w columns starting at column c0 of a [rows, stride] matrix, as the layer's thread parts see it.
        foreach ((int rows, int stride, int c0, int w) in new[] { (1, 1, 0, 1), (3, 7, 0, 7), (5, 40, 3, 33), (17, 70, 16, 48), (33, 130, 1, 129), (128, 256, 128, 128), (7, 1100, 17, 1031) })
        {
            var rng = new Rng((rows * 1000) + w);
            float[] x = Draw(rng, rows * stride, 3f, 1f), dy = Draw(rng, rows * stride), xhat = Draw(rng, rows * stride);
            float[] mean = Draw(rng, w), inv = Draw(rng, w, 0.5f, 1f), gamma = Draw(rng, w, 0.5f, 1f), beta = Draw(rng, w);
            float[] meanDy = Draw(rng, w), meanDyXhat = Draw(rng, w);
            float[] twinSum = new float[w], twinSq = new float[w], twinDy = new float[w], twinDyXhat = new float[w];
            float[] twinH = new float[rows * stride], twinY = new float[rows * stride], twinDx = new float[rows * stride];
            for (int c = 0; c < w; c++)
            {
                for (int r = 0; r < rows; r++)
                {
                    int at = (r * stride) + c0 + c;
                    twinSum[c] += x[at];
                    float d = x[at] - mean[c];
                    twinSq[c] = (d * d) + twinSq[c];
                    twinDy[c] += dy[at];
                    twinDyXhat[c] = (dy[at] * xhat[at]) + twinDyXhat[c];
                    twinH[at] = (x[at] - mean[c]) * inv[c];
                    twinY[at] = (twinH[at] * gamma[c]) + beta[c];
                    twinDx[at] = ((dy[at] - (xhat[at] * meanDyXhat[c])) - meanDy[c]) * gamma[c];
                }
            }

            foreach (SimdPath path in Paths())
            {
                string at = $"{path}, rows {rows}, columns {c0}..{c0 + w - 1} of {stride}";
                float[] sum = new float[w], sq = new float[w], sDy = new float[w], sDyXhat = new float[w];
                float[] h = new float[rows * stride], y = new float[rows * stride], dx = new float[rows * stride];
                fixed (float* px = x, pdy = dy, pxhat = xhat, pmean = mean, pinv = inv, pgamma = gamma, pbeta = beta, pmDy = meanDy, pmDyXhat = meanDyXhat)
                fixed (float* psum = sum, psq = sq, psDy = sDy, psDyXhat = sDyXhat, ph = h, py = y, pdx = dx)
                {
                    BatchNorm.Kernels.ColumnSums(px + c0, rows, stride, w, psum, path);
                    BatchNorm.Kernels.ColumnSquaredDeviations(px + c0, rows, stride, w, pmean, psq, path);
                    BatchNorm.Kernels.Normalize(px + c0, rows, stride, w, pmean, pinv, pgamma, pbeta, ph + c0, py + c0, path);
                    BatchNorm.Kernels.GradientSums(pdy + c0, pxhat + c0, rows, stride, w, psDy, psDyXhat, path);
                    BatchNorm.Kernels.InputGradient(pdy + c0, pxhat + c0, rows, stride, w, pmDy, pmDyXhat, pgamma, pdx + c0, path);
                }

                GemmCheck.AssertBits(twinSum, sum, "ColumnSums " + at);
                GemmCheck.AssertBits(twinSq, sq, "ColumnSquaredDeviations " + at);
                GemmCheck.AssertBits(twinH, h, "Normalize xhat " + at);
                GemmCheck.AssertBits(twinY, y, "Normalize y " + at);
                GemmCheck.AssertBits(twinDy, sDy, "GradientSums dy " + at);
                GemmCheck.AssertBits(twinDyXhat, sDyXhat, "GradientSums dy*xhat " + at);
                GemmCheck.AssertBits(twinDx, dx, "InputGradient " + at);
            }
        }
    }

    [TestMethod]
    public void ActivationKernelsEqualTheirPlainTwins()
    {
        foreach (int n in Lengths)
        {
            var rng = new Rng(100 + n);
            float[] y = Draw(rng, n), dy = Draw(rng, n);
            y[0] = 0f; // the derivative at 0 is 0
            if (n > 2)
            {
                y[1] = -0f;
                y[2] = float.NaN;
            }

            float[] reluTwin = new float[n], leakyForwardTwin = new float[n], leakyBackwardTwin = new float[n];
            for (int i = 0; i < n; i++)
            {
                reluTwin[i] = y[i] > 0f ? dy[i] : 0f;
                leakyForwardTwin[i] = y[i] > 0f ? y[i] : 0.01f * y[i];
                leakyBackwardTwin[i] = y[i] > 0f ? dy[i] : 0.01f * dy[i];
            }

            foreach (SimdPath path in Paths())
            {
                float[] dx = new float[n];
                Relu.DeriveKernel(y, dy, dx, path);
                GemmCheck.AssertBits(reluTwin, dx, $"ReLU backward, {path}, length {n}");
                float[] forward = new float[n];
                LeakyRelu.Select(y, y, forward, 0.01f, path);
                GemmCheck.AssertBits(leakyForwardTwin, forward, $"LeakyReLU forward, {path}, length {n}");
                LeakyRelu.Select(y, dy, dx, 0.01f, path);
                GemmCheck.AssertBits(leakyBackwardTwin, dx, $"LeakyReLU backward, {path}, length {n}");
            }
        }
    }

    [TestMethod]
    public void UpdateRulesEqualTheirPlainTwins()
    {
        const float lr = 0.01f, beta = 0.9f, beta2 = 0.999f, eps = 1e-8f, c1 = 0.19f, c2 = 0.002f;
        foreach (int n in Lengths)
        {
            var rng = new Rng(200 + n);
            float[] w0 = Draw(rng, n), g = Draw(rng, n), s0 = Draw(rng, n, 0.1f), v0 = Draw(rng, n).Select(Math.Abs).ToArray();
            float[] gdTwin = (float[])w0.Clone(), momentumTwin = (float[])w0.Clone(), nesterovTwin = (float[])w0.Clone();
            float[] rmsTwin = (float[])w0.Clone(), adamTwin = (float[])w0.Clone();
            float[] velocityTwin = (float[])s0.Clone(), nesterovVelocityTwin = (float[])s0.Clone(), squareTwin = (float[])v0.Clone();
            float[] adamMTwin = (float[])s0.Clone(), adamVTwin = (float[])v0.Clone();
            float stepSize = lr / c1, invSqrtC2 = (float)(1.0 / Math.Sqrt(c2));
            for (int i = 0; i < n; i++)
            {
                gdTwin[i] -= lr * g[i];
                velocityTwin[i] = (beta * s0[i]) + ((1f - beta) * g[i]);
                momentumTwin[i] -= lr * velocityTwin[i];
                nesterovVelocityTwin[i] = velocityTwin[i];
                nesterovTwin[i] -= lr * ((beta * velocityTwin[i]) + ((1f - beta) * g[i]));
                squareTwin[i] = (beta * v0[i]) + ((1f - beta) * (g[i] * g[i]));
                rmsTwin[i] -= lr * g[i] / (MathF.Sqrt(squareTwin[i]) + eps);
                adamMTwin[i] = (beta * s0[i]) + ((1f - beta) * g[i]);
                adamVTwin[i] = (beta2 * v0[i]) + ((1f - beta2) * (g[i] * g[i]));
                adamTwin[i] -= stepSize * adamMTwin[i] / ((MathF.Sqrt(adamVTwin[i]) * invSqrtC2) + eps);
            }

            foreach (SimdPath path in Paths())
            {
                string at = $", {path}, length {n}";
                float[] w = (float[])w0.Clone();
                UpdateRules.GradientDescent(w, g, lr, path);
                GemmCheck.AssertBits(gdTwin, w, "gradient descent" + at);

                w = (float[])w0.Clone();
                float[] s = (float[])s0.Clone();
                UpdateRules.Momentum(w, g, s, lr, beta, nesterov: false, path);
                GemmCheck.AssertBits(momentumTwin, w, "momentum w" + at);
                GemmCheck.AssertBits(velocityTwin, s, "momentum v" + at);

                w = (float[])w0.Clone();
                s = (float[])s0.Clone();
                UpdateRules.Momentum(w, g, s, lr, beta, nesterov: true, path);
                GemmCheck.AssertBits(nesterovTwin, w, "Nesterov w" + at);
                GemmCheck.AssertBits(nesterovVelocityTwin, s, "Nesterov v" + at);

                w = (float[])w0.Clone();
                s = (float[])v0.Clone();
                UpdateRules.RmsProp(w, g, s, lr, beta, eps, path);
                GemmCheck.AssertBits(rmsTwin, w, "RMSprop w" + at);
                GemmCheck.AssertBits(squareTwin, s, "RMSprop s" + at);

                w = (float[])w0.Clone();
                float[] m = (float[])s0.Clone(), v = (float[])v0.Clone();
                UpdateRules.Adam(w, g, m, v, lr, beta, beta2, eps, c1, c2, path);
                GemmCheck.AssertBits(adamTwin, w, "Adam w" + at);
                GemmCheck.AssertBits(adamMTwin, m, "Adam m" + at);
                GemmCheck.AssertBits(adamVTwin, v, "Adam v" + at);
            }
        }
    }
}
