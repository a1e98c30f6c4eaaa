using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Neural.Tests.Numerics;

/// <summary>
/// The few-rows path (<see cref="GemmSmallM"/>): the same bits as the packed kernel, whatever rows it is given with,
/// and against its plain twin (<see cref="ReferenceGemm.MultiplyPackedOrder"/>) and the double-precision reference.
/// </summary>
[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class GemmSmallMTests
{
    private static readonly int[] Depths = [1, 3, 7, 17, 33, 130, 401, 801, 1030];
    private static readonly int[] Widths = [1, 3, 7, 9, 17, 33, 65, 257];

    private static void RequireFma()
    {
        if (!ManagedGemm.IsSupported(GemmKernelKind.Vector256Fma))
        {
            Assert.Inconclusive("The few-rows path needs AVX2 and FMA3.");
        }
    }

    /// <summary>The FMA kernels this process runs (the few-rows path has a Vector512 and a Vector256 form).</summary>
    private static IEnumerable<GemmKernelKind> FmaKernels() =>
        new[] { GemmKernelKind.Vector512Fma, GemmKernelKind.Vector256Fma }.Where(ManagedGemm.IsSupported);

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ARowAloneGivesTheSameBitsAsInsideABigBatch(bool transposeA)
    {
        RequireFma();
        const int batch = 37; // >= MR: the packed kernel, with a partial last micro-tile
        foreach (int k in Depths)
        {
            foreach (int n in Widths)
            {
                var rng = new Rng((long)(k * 1000 + n));
                float[] x = GemmCheck.Random(rng, batch * k);
                float[] w = GemmCheck.Random(rng, k * n);
                float[] big = new float[batch * n];
                ManagedGemm.Multiply(transposeA, false, batch, n, k, 1f, x, w, 0f, big, threads: 2);
                float[] xRows = transposeA ? Transpose(x, k, batch) : x; // row-major [batch, k]
                foreach (int rows in new[] { 1, 2, 5, 7 })
                {
                    for (int i = 0; i + rows <= batch; i += 7)
                    {
                        float[] part = xRows.AsSpan(i * k, rows * k).ToArray();
                        float[] a = transposeA ? Transpose(part, rows, k) : part; // stored [k, rows] when transposed
                        float[] small = new float[rows * n];
                        small.AsSpan().Fill(float.NaN); // beta 0 must overwrite
                        ManagedGemm.Multiply(transposeA, false, rows, n, k, 1f, a, w, 0f, small, threads: 2);
                        AssertBits(big.AsSpan(i * n, rows * n), small, $"k={k} n={n} rows {i}..{i + rows - 1}");
                    }
                }
            }
        }
    }

    [TestMethod]
    [DataRow(1f, 0f)]
    [DataRow(1f, 1f)]
    [DataRow(0.5f, -2f)]
    [DataRow(-1.5f, 0.25f)]
    public void MatchesThePackedKernelAndItsPlainTwinBitForBit(float alpha, float beta)
    {
        RequireFma();
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (int m in new[] { 1, 2, 3, 5, 7 })
            {
                foreach (int k in Depths)
                {
                    foreach (int n in Widths)
                    {
                        var rng = new Rng((long)(m * 7919 + k * 31 + n));
                        float[] a = GemmCheck.Random(rng, m * k);
                        float[] b = GemmCheck.Random(rng, k * n);
                        float[] c0 = GemmCheck.Random(rng, m * n);
                        float[] twin = (float[])c0.Clone();
                        ReferenceGemm.MultiplyPackedOrder(transposeA, false, m, n, k, alpha, a, b, beta, twin);
                        foreach (GemmKernelKind kernel in FmaKernels())
                        {
                            float[] fast = (float[])c0.Clone();
                            float[] packed = (float[])c0.Clone();
                            ManagedGemm.Multiply(transposeA, false, m, n, k, alpha, a, b, beta, fast, threads: 1, kernel);
                            PackedAlone(kernel, transposeA, m, n, k, alpha, a, b, beta, packed);
                            string label = $"{kernel} tA={transposeA} m={m} n={n} k={k} alpha={alpha} beta={beta}";
                            AssertBits(twin, fast, "twin vs fast " + label);
                            AssertBits(packed, fast, "packed vs fast " + label);
                        }
                    }
                }
            }
        }
    }

    [TestMethod]
    public void MatchesTheReferenceOnOddSizes()
    {
        RequireFma();
        foreach (int m in new[] { 1, 3, 5 })
        {
            foreach (int n in GemmCheck.OddSizes)
            {
                foreach (int k in GemmCheck.OddSizes)
                {
                    GemmCheck.Check("small-m", false, false, m, n, k, 1f, 0f,
                        (a, b, c) => Gemm.Multiply(GemmBackend.Managed, false, false, m, n, k, 1f, a, b, 0f, c));
                    GemmCheck.Check("small-m twin", true, false, m, n, k, 0.5f, -2f,
                        (a, b, c) => ReferenceGemm.MultiplyPackedOrder(true, false, m, n, k, 0.5f, a, b, -2f, c));
                }
            }
        }
    }

    /// <summary>The packed kernel on m rows: pad them with zero rows up to the kernel's micro-tile height (and at
    /// least m) so the small path is not taken.</summary>
    private static void PackedAlone(GemmKernelKind kernel, bool transposeA, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        int rows = Math.Max(m, ManagedGemm.Tile(kernel).Mr);
        float[] rowMajor = transposeA ? Transpose(a, k, m) : a;
        float[] padded = new float[rows * k];
        rowMajor.CopyTo(padded, 0);
        float[] cPadded = new float[rows * n];
        c.CopyTo(cPadded, 0);
        ManagedGemm.Multiply(transposeA, false, rows, n, k, alpha, transposeA ? Transpose(padded, rows, k) : padded, b, beta, cPadded, threads: 1, kernel);
        cPadded.AsSpan(0, m * n).CopyTo(c);
    }

    /// <summary>[rows, cols] -> [cols, rows].</summary>
    private static float[] Transpose(float[] x, int rows, int cols)
    {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[c * rows + r] = x[r * cols + c];
            }
        }

        return t;
    }

    private static void AssertBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string label)
    {
        Assert.AreEqual(expected.Length, actual.Length, label);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{label}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bits differ).");
            }
        }
    }
}
