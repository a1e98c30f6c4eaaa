namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The plain twin of the fast GEMM kernels: triple loop, double accumulation. Tests compare every kernel against it.
/// </summary>
internal static class ReferenceGemm
{
    // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * m + i] : a[i * k + p];
                    float bv = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += (double)av * bv;
                }

                float prior = beta == 0f ? 0f : beta * c[i * n + j];
                c[i * n + j] = (float)(alpha * sum) + prior;
            }
        }
    }

    /// <summary>
    /// The plain twin of <see cref="GemmSmallM"/> and of the packed FMA kernel's summation order: per element, equal
    /// k-blocks of at most <see cref="ManagedGemm.KC"/>, each summed from +0 with one fused multiply-add per p in
    /// ascending order and stored as <c>alpha * acc + beta' * C</c> (beta' = beta for the first block, 1 after).
    /// </summary>
    public static void MultiplyPackedOrder(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]
        int kcMax = GemmSmallM.BlockDepth(k);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    float acc = 0f;
                    for (int p = pc; p < Math.Min(k, pc + kcMax); p++)
                    {
                        float av = transposeA ? a[p * m + i] : a[i * k + p];
                        float bv = transposeB ? b[j * k + p] : b[p * n + j];
                        acc = MathF.FusedMultiplyAdd(av, bv, acc);
                    }

                    float blockBeta = pc == 0 ? beta : 1f;
                    c[i * n + j] = blockBeta == 0f ? alpha * acc : (alpha * acc) + (blockBeta * c[i * n + j]);
                }
            }
        }
    }
}
