using System.Runtime.InteropServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The OpenBLAS backend: <c>cblas_sgemm</c> from the system's <c>libopenblas.so.0</c> (Debian package
/// libopenblas0-pthread), loaded at run time so the library is optional.
/// </summary>
/// <remarks>
/// The library is probed once, on first use. OpenBLAS's thread count is process-wide; it is set with
/// <c>openblas_set_num_threads</c> only when a call asks for a different count than the previous one.
/// </remarks>
internal static unsafe class OpenBlasGemm
{
    /// <summary>The file names tried, in order.</summary>
    public static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so"];

    // CBLAS enumerations (cblas.h).
    private const int CblasRowMajor = 101;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;

    // cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc); blasint is 32-bit here.
    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static readonly delegate* unmanaged<int, void> s_setNumThreads;
    private static readonly object s_threadsGate = new();
    private static int s_threads;

    static OpenBlasGemm()
    {
        foreach (string name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)
                    && NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads))
                {
                    s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
                    s_setNumThreads = (delegate* unmanaged<int, void>)setThreads;
                    LoadedFrom = name;
                    return;
                }

                NativeLibrary.Free(handle);
            }
        }
    }

    /// <summary>Whether OpenBLAS was found and exports what is needed.</summary>
    public static bool IsAvailable => s_sgemm != null;

    /// <summary>The library name that loaded, or null.</summary>
    public static string? LoadedFrom { get; }

    /// <summary>
    /// <c>C = alpha * op(A) * op(B) + beta * C</c> through <c>cblas_sgemm</c>. Arguments are validated by
    /// <see cref="Gemm"/>; m, n and k are positive here.
    /// </summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int threads)
    {
        // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]
        if (!IsAvailable)
        {
            throw new InvalidOperationException(Gemm.OpenBlasMissingMessage);
        }

        if (Volatile.Read(ref s_threads) != threads)
        {
            lock (s_threadsGate)
            {
                if (s_threads != threads)
                {
                    s_setNumThreads(threads);
                    Volatile.Write(ref s_threads, threads);
                }
            }
        }

        int lda = Math.Max(1, transposeA ? m : k);
        int ldb = Math.Max(1, transposeB ? k : n);
        int ldc = Math.Max(1, n);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            s_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
