using System.Diagnostics;
using System.Globalization;
using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Training;

/// <summary>
/// <c>--gemm-epoch [epochs] [threads]</c>: the matrix products of one training epoch of the comparison's network
/// (784-256-128-10, 60,000 rows in batches of 128: the same products as <c>bench/compare/gemm_floor.py</c>, which times
/// them through numpy), through each backend this machine has, interleaved epoch by epoch; prints the median seconds
/// per epoch and which backend Auto chose, so the rule can be checked against the timing on the machine at hand.
/// </summary>
internal static class GemmEpoch
{
    private static readonly int[] Sizes = [784, 256, 128, 10];

    public static void Run(int epochs, int threads)
    {
        const int rows = 60_000, batch = 128;
        var batches = Enumerable.Repeat(batch, rows / batch).Concat(rows % batch > 0 ? [rows % batch] : []).ToArray();
        var rng = new Rng(1);
        float[][] w = [.. Enumerable.Range(0, 3).Select(i => Fill(rng, Sizes[i] * Sizes[i + 1], 0.05f))];
        float[][] dw = [.. w.Select(x => new float[x.Length])];
        float[][] a = [.. Sizes.Select(s => Fill(rng, batch * s, 1f))];
        float[][] dz = [.. Sizes.Select(s => Fill(rng, batch * s, 0.01f))];
        float[][] dx = [.. Sizes.Select(s => new float[batch * s])];

        void Epoch(GemmBackend backend)
        {
            foreach (int n in batches)
            {
                for (int i = 0; i < 3; i++)
                {
                    Gemm.Multiply(backend, false, false, n, Sizes[i + 1], Sizes[i], 1f, a[i], w[i], 0f, a[i + 1], threads);
                }

                for (int i = 2; i >= 0; i--)
                {
                    Gemm.Multiply(backend, true, false, Sizes[i], Sizes[i + 1], n, 1f, a[i], dz[i + 1], 1f, dw[i], threads);
                    if (i > 0)
                    {
                        Gemm.Multiply(backend, false, true, n, Sizes[i], Sizes[i + 1], 1f, dz[i + 1], w[i], 0f, dx[i], threads);
                    }
                }
            }
        }

        var backends = new List<GemmBackend> { GemmBackend.Managed };
        if (Gemm.IsOpenBlasAvailable)
        {
            backends.Add(GemmBackend.OpenBlas);
        }

        var seconds = backends.ToDictionary(b => b, _ => new List<double>());
        foreach (GemmBackend b in backends)
        {
            Epoch(b); // warm-up
        }

        for (int e = 0; e < epochs; e++)
        {
            foreach (GemmBackend b in backends)
            {
                long start = Stopwatch.GetTimestamp();
                Epoch(b);
                seconds[b].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        Console.WriteLine(Gemm.Description);
        foreach (GemmBackend b in backends)
        {
            List<double> s = seconds[b];
            s.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GEMM epoch {b}{(b == Gemm.ActiveBackend ? " (Auto's choice)" : "")}: median {s[s.Count / 2]:F3} s over {s.Count} epochs, {threads} thread(s) (min {s[0]:F3}, max {s[^1]:F3})"));
        }
    }

    private static float[] Fill(Rng rng, int length, float scale)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((rng.NextSingle() * 2f) - 1f) * scale;
        }

        return values;
    }
}
