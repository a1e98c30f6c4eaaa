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
    public void BatchNormKernelsEqualTheirPlainTwins()
    {
        foreach (int n in Lengths)
        {
            var rng = new Rng(n);
            float[] x = Draw(rng, n, 3f, 1f), mean = Draw(rng, n), inv = Draw(rng, n, 0.5f, 1f), gamma = Draw(rng, n, 0.5f, 1f);
            float[] beta = Draw(rng, n), dy = Draw(rng, n), xhat = Draw(rng, n), s0 = Draw(rng, n), s1 = Draw(rng, n);
            float[] twinAdd = new float[n], twinSq = new float[n], twinH = new float[n], twinY = new float[n];
            float[] twinSumDy = new float[n], twinSumDyXhat = new float[n], twinDx = new float[n];
            for (int i = 0; i < n; i++)
            {
                twinAdd[i] = s0[i] + x[i];
                float d = x[i] - mean[i];
                twinSq[i] = (d * d) + s0[i];
                twinH[i] = (x[i] - mean[i]) * inv[i];
                twinY[i] = (twinH[i] * gamma[i]) + beta[i];
                twinSumDy[i] = s0[i] + dy[i];
                twinSumDyXhat[i] = (dy[i] * xhat[i]) + s1[i];
                twinDx[i] = ((dy[i] - (xhat[i] * s1[i])) - s0[i]) * gamma[i];
            }

            foreach (SimdPath path in Paths())
            {
                string at = $"{path}, length {n}";
                float[] sum = (float[])s0.Clone();
                BatchNorm.Kernels.Add(sum, x, path);
                GemmCheck.AssertBits(twinAdd, sum, "Add " + at);
                sum = (float[])s0.Clone();
                BatchNorm.Kernels.AddSquaredDifference(sum, x, mean, path);
                GemmCheck.AssertBits(twinSq, sum, "AddSquaredDifference " + at);
                float[] h = new float[n], y = new float[n];
                BatchNorm.Kernels.Normalize(x, mean, inv, gamma, beta, h, y, path);
                GemmCheck.AssertBits(twinH, h, "Normalize xhat " + at);
                GemmCheck.AssertBits(twinY, y, "Normalize y " + at);
                float[] sumDy = (float[])s0.Clone(), sumDyXhat = (float[])s1.Clone();
                BatchNorm.Kernels.AccumulateGradientSums(dy, xhat, sumDy, sumDyXhat, path);
                GemmCheck.AssertBits(twinSumDy, sumDy, "AccumulateGradientSums dy " + at);
                GemmCheck.AssertBits(twinSumDyXhat, sumDyXhat, "AccumulateGradientSums dy*xhat " + at);
                float[] dx = new float[n];
                BatchNorm.Kernels.InputGradient(dy, xhat, s0, s1, gamma, dx, path);
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
