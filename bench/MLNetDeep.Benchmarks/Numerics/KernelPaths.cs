using System.Globalization;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>
/// <c>--kernel-paths [repeats]</c>: the element-wise kernels with hand-written vector loops on each SIMD path this
/// process runs (Vector512, Vector256, scalar), one thread, on the training step's sizes (the update rules over the first
/// layer's 200,704 weights; batch norm and ReLU over [128, 256]; a dropout mask of 128 x 256); median microseconds per call in
/// thread CPU time (so the numbers stay comparable on a shared machine). For tuning, not a benchmark of record. Run it
/// with <c>DOTNET_TieredPGO=0</c>: with PGO, each lambda is compiled with the profile of the path timed first (Vector512),
/// and the scalar loops, cold in it, get a layout that changes from run to run (SGD 64 or 110 us).
/// </summary>
internal static unsafe class KernelPaths
{
    public static void Run(int repeats)
    {
        const int weights = 784 * 256, rows = 128, features = 256;
        var rng = new Rng(5);
        float[] w = Fill(rng, weights), g = Fill(rng, weights), m = Fill(rng, weights), v = Fill(rng, weights).Select(Math.Abs).ToArray();
        float[] x = Fill(rng, rows * features), dy = Fill(rng, rows * features), xhat = new float[rows * features], y = new float[rows * features];
        float[] mean = new float[features], inv = Enumerable.Repeat(1f, features).ToArray(), gamma = Enumerable.Repeat(1f, features).ToArray(), beta = new float[features];
        float[] mask = new float[rows * features];
        ulong[] lanes = Enumerable.Range(1, 16).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL).ToArray();
        // Hyper-parameters as run-time values, as the optimizer passes them: literals would let the JIT inline the (small)
        // update rules into these lambdas and fold them into constants that the scalar loops re-read from memory for
        // every weight (momentum: five loads more per weight, 225 us instead of 160), a cost training never pays.
        float lr = 1e-9f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, c = 0.5f;
        bool nesterov = true;
        Console.WriteLine($"element-wise kernels, one thread, thread CPU time; best path here: {Simd.Best}; tiered PGO {(Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" ? "off" : "on (set DOTNET_TieredPGO=0)")}");
        Console.WriteLine($"{"kernel",-44} {"path",-10} {"median us",10}");
        foreach (SimdPath path in new[] { SimdPath.Vector512, SimdPath.Vector256, SimdPath.Scalar }.Where(Simd.IsSupported))
        {
            Time("Adam, 200,704 weights", path, () => UpdateRules.Adam(w, g, m, v, lr, beta1, beta2, eps, c, c, path), repeats);
            Time("SGD, 200,704 weights", path, () => UpdateRules.GradientDescent(w, g, lr, path), repeats);
            Time("momentum (Nesterov), 200,704 weights", path, () => UpdateRules.Momentum(w, g, m, lr, beta1, nesterov, path), repeats);
            Time("RMSProp, 200,704 weights", path, () => UpdateRules.RmsProp(w, g, v, lr, beta1, eps, path), repeats);
            fixed (float* px = x, pdy = dy, pxhat = xhat, py = y, pmean = mean, pinv = inv, pgamma = gamma, pbeta = beta)
            {
                float* cx = px, cdy = pdy, cxhat = pxhat, cy = py, cmean = pmean, cinv = pinv, cgamma = pgamma, cbeta = pbeta;
                Time("batch norm column sums [128, 256]", path, () => BatchNorm.Kernels.ColumnSums(cx, rows, features, features, cmean, path), repeats);
                Time("batch norm squared deviations [128, 256]", path, () => BatchNorm.Kernels.ColumnSquaredDeviations(cx, rows, features, features, cmean, cinv, path), repeats);
                Time("batch norm normalize [128, 256]", path, () => BatchNorm.Kernels.Normalize(cx, rows, features, features, cmean, cinv, cgamma, cbeta, cxhat, cy, path), repeats);
                Time("batch norm gradient sums [128, 256]", path, () => BatchNorm.Kernels.GradientSums(cdy, cxhat, rows, features, features, cmean, cinv, path), repeats);
                Time("batch norm input gradient [128, 256]", path, () => BatchNorm.Kernels.InputGradient(cdy, cxhat, rows, features, features, cmean, cinv, cgamma, cy, path), repeats);
            }

            Time("ReLU backward [128, 256]", path, () => Relu.DeriveKernel(x, dy, y, path), repeats);
            Time("LeakyReLU [128, 256]", path, () => LeakyRelu.Select(x, dy, y, 0.01f, path), repeats);
            if (path == SimdPath.Vector512 && System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported)
            {
                Time("dropout mask [128, 256]", path, () => Rng.FillMaskVector512(mask, lanes, 3355444, 0x3FA00000), repeats);
            }
            else if (path == SimdPath.Vector256)
            {
                Time("dropout mask [128, 256]", path, () => Rng.FillMaskVector256(mask, lanes, 3355444, 0x3FA00000), repeats);
            }
            else if (path == SimdPath.Scalar)
            {
                Time("dropout mask [128, 256]", path, () => Rng.FillMaskScalar(mask, lanes, 3355444, 0x3FA00000), repeats);
            }
        }
    }

    private static void Time(string name, SimdPath path, Action action, int repeats)
    {
        // Warm up past tiered compilation (30 calls, then a 100 ms delay before the optimized code is swapped in).
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.4)
        {
            action();
        }

        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            double start = ThreadCpuClock.Now();
            for (int k = 0; k < 10; k++)
            {
                action();
            }

            times[i] = (ThreadCpuClock.Now() - start) / 10;
        }

        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {path,-10} {times[repeats / 2] * 1e6,10:F1}"));
    }

    private static float[] Fill(Rng rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)rng.NextGaussian();
        }

        return values;
    }
}
