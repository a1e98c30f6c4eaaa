using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Neural.Tests.Numerics;

/// <summary>Random operands and the comparison of a GEMM result against <see cref="ReferenceGemm"/>.</summary>
internal static class GemmCheck
{
    /// <summary>The odd sizes every kernel is checked on (DESIGN.md: 1, 3, 7, 17, 33 ...), crossing the MR=6/8 and NR=16/32 tile edges; k-block edges (KC=400) come from the training-shape tests (k = 600, 784, 1030).</summary>
    public static readonly int[] OddSizes = [1, 3, 7, 17, 33, 65, 130];

    /// <summary>Fails, naming the first element whose bits differ, unless the two spans are bit-identical.</summary>
    public static void AssertBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string label)
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

    public static float[] Random(Rng rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (rng.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    /// <summary>
    /// Runs <paramref name="multiply"/> on random operands and checks every element of C against the reference.
    /// </summary>
    /// <remarks>
    /// Tolerance, per element: <c>|c - ref| &lt;= (4 sqrt(k) + 8) u (|alpha| sum_p |a_ip b_pj| + |beta c0_ij|)</c> with
    /// <c>u = 2^-24</c> (float unit roundoff). A float dot product of length k accumulated in order has a worst-case
    /// error of k*u relative to <c>sum |a b|</c>; with independent random inputs the rounding errors add up like a random
    /// walk, about sqrt(k/3)*u at one standard deviation, so 4 sqrt(k) is a margin of about 7 sigma. The constant 8
    /// covers the fixed number of extra roundings: alpha*acc, beta*c and their sum, one addition per extra (at most 400-deep)
    /// k-block (at most 4 here), and rounding the double reference to float. The reference itself (double
    /// accumulation) is exact to well below u.
    /// </remarks>
    public static void Check(string label, bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta,
        Action<float[], float[], float[]> multiply, long seed = 1)
    {
        var rng = new Rng(seed + (m * 1_000_003L) + (n * 1009L) + k);
        float[] a = Random(rng, m * k);
        float[] b = Random(rng, k * n);
        float[] c0 = Random(rng, m * n);
        if (beta == 0f)
        {
            Array.Fill(c0, float.NaN); // beta 0 must overwrite, NaN included
        }

        float[] expected = (float[])c0.Clone();
        ReferenceGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, expected);

        // |alpha| * |A| |B|: the scale the rounding error is relative to.
        float[] absA = Array.ConvertAll(a, Math.Abs);
        float[] absB = Array.ConvertAll(b, Math.Abs);
        float[] scale = new float[m * n];
        ReferenceGemm.Multiply(transposeA, transposeB, m, n, k, Math.Abs(alpha), absA, absB, 0f, scale);

        float[] actual = (float[])c0.Clone();
        multiply(a, b, actual);

        double tolerance = ((4 * Math.Sqrt(k)) + 8) * Math.Pow(2, -24);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int at = (i * n) + j;
                double bound = tolerance * (scale[at] + (beta == 0f ? 0 : Math.Abs(beta * c0[at])));
                double error = Math.Abs((double)actual[at] - expected[at]);
                if (!(error <= bound))
                {
                    Assert.Fail($"{label} tA={transposeA} tB={transposeB} m={m} n={n} k={k} alpha={alpha} beta={beta}: "
                        + $"C[{i},{j}] = {actual[at]:R}, expected {expected[at]:R} (error {error:G3} > bound {bound:G3}).");
                }
            }
        }
    }
}
