namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Single-precision general matrix multiply on dense row-major matrices, the one kernel every Dense layer's forward
/// and backward pass goes through: <c>C = alpha * op(A) * op(B) + beta * C</c>.
/// </summary>
/// <remarks>
/// <para>All matrices are contiguous and row-major (batch first, DESIGN.md). <c>op(A)</c> is <c>[m, k]</c>: A is stored
/// as <c>[m, k]</c>, or as <c>[k, m]</c> when <c>transposeA</c>. <c>op(B)</c> is <c>[k, n]</c>: B is stored as
/// <c>[k, n]</c>, or as <c>[n, k]</c> when <c>transposeB</c>. C is <c>[m, n]</c>.</para>
/// <para>The backend is chosen once per process from <c>Gemm.Backend</c> (default: the environment variable
/// <c>MLNETDEEP_GEMM</c> = <c>auto</c> | <c>managed</c> | <c>openblas</c>, else <see cref="GemmBackend.Auto"/>).</para>
/// <para>Threads only ever split the rows and columns of C, never the inner dimension k, so every element of C is
/// summed in the same order whatever the thread count: results are bit-identical with 1 or 2 threads. That is a
/// guarantee of the managed kernel; OpenBLAS makes no such promise (see <see cref="GemmBackend.OpenBlas"/>).</para>
/// <para>When k is 0 or alpha is 0, A and B are not read and C becomes <c>beta * C</c>, as in BLAS.</para>
/// </remarks>
public static partial class Gemm
{
    /// <summary>
    /// Computes <c>C = alpha * op(A) * op(B) + beta * C</c>. When <paramref name="beta"/> is 0, C is overwritten
    /// (its old contents, even NaN, are ignored), as in BLAS.
    /// </summary>
    /// <param name="transposeA">A is stored as <c>[k, m]</c> and used transposed.</param>
    /// <param name="transposeB">B is stored as <c>[n, k]</c> and used transposed.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, at least <c>m * k</c> elements.</param>
    /// <param name="b">B, at least <c>k * n</c> elements.</param>
    /// <param name="beta">Scale of the existing C.</param>
    /// <param name="c">C, at least <c>m * n</c> elements.</param>
    /// <param name="threads">The most threads to use (1 = the calling thread only). Default 1.</param>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int threads = 1)
    {
        // Validate before resolving the backend, so a bad argument is reported as such even when MLNETDEEP_GEMM is bad.
        Validate(m, n, k, a.Length, b.Length, c.Length, threads);
        if (m == 0 || n == 0)
        {
            return;
        }

        Multiply(ActiveBackend, transposeA, transposeB, m, n, k, alpha, a, b, beta, c, threads);
    }

    /// <summary>
    /// <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, int)"/>
    /// on an explicit backend (tests and benchmarks); <see cref="GemmBackend.Auto"/> resolves as <see cref="ActiveBackend"/> would.
    /// </summary>
    internal static void Multiply(GemmBackend backend, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int threads = 1)
    {
        // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]
        Validate(m, n, k, a.Length, b.Length, c.Length, threads);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            // As in BLAS: the product is zero and A, B are not read; C = beta * C (beta 0 clears, even NaN).
            ScaleC(c[..(m * n)], beta);
            return;
        }

        switch (Resolve(backend))
        {
            case GemmBackend.OpenBlas:
                OpenBlasGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, threads);
                break;
            default:
                ManagedGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, threads);
                break;
        }
    }

    private static void ScaleC(Span<float> c, float beta)
    {
        if (beta == 0f)
        {
            c.Clear();
        }
        else if (beta != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(c, beta, c);
        }
    }

    internal static void Validate(int m, int n, int k, int aLength, int bLength, int cLength, int threads)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative, got m={m}, n={n}, k={k}.");
        }

        if ((long)m * k > aLength)
        {
            throw new ArgumentException($"GEMM: A holds {aLength} elements but m*k = {m}*{k} = {(long)m * k} are needed.", "a");
        }

        if ((long)k * n > bLength)
        {
            throw new ArgumentException($"GEMM: B holds {bLength} elements but k*n = {k}*{n} = {(long)k * n} are needed.", "b");
        }

        if ((long)m * n > cLength)
        {
            throw new ArgumentException($"GEMM: C holds {cLength} elements but m*n = {m}*{n} = {(long)m * n} are needed.", "c");
        }

        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "GEMM threads must be at least 1.");
        }
    }
}
