using System.Runtime.InteropServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The OpenBLAS backend: <c>cblas_sgemm</c> from the system's <c>libopenblas.so.0</c> (Debian package
/// libopenblas0-pthread), loaded at run time so the library is optional.
/// </summary>
/// <remarks>
/// <para>The library is probed once, on first use.</para>
/// <para>OpenBLAS's own threading does not give the same bits with 1 and 2 threads (measured: the first weight of a
/// trained network differs in the last place), which would break the engine's rule that the thread count never changes
/// the model. So OpenBLAS runs single-threaded (<c>openblas_set_num_threads(1)</c>, once) and this class parallelizes:
/// C is cut into slabs of <see cref="SlabSize"/> columns (or rows, whichever dimension is longer) by its shape alone,
/// each slab is one <c>cblas_sgemm</c> call, and threads only share out the slabs. Every slab is computed by the same
/// call whatever the thread count, so the result is bit-identical.</para>
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

    /// <summary>Columns (or rows) of C per cblas_sgemm call.</summary>
    public const int SlabSize = 64;

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
                    if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint coreName))
                    {
                        CoreName = Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)coreName)());
                    }

                    if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint config))
                    {
                        Config = Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)config)());
                    }

                    VectorBits = VectorBitsOf(CoreName);
                    s_setNumThreads(1);
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
    /// The kernel family OpenBLAS chose for this CPU (<c>openblas_get_corename</c>: <c>Haswell</c>, <c>Zen</c>,
    /// <c>SkylakeX</c>, <c>Cooperlake</c>, ...; the environment variable <c>OPENBLAS_CORETYPE</c> overrides its
    /// detection), or null when OpenBLAS is absent or does not say.
    /// </summary>
    public static string? CoreName { get; }

    /// <summary>OpenBLAS's build description (<c>openblas_get_config</c>: version and build options), or null.</summary>
    public static string? Config { get; }

    /// <summary>
    /// The width in bits of the vectors OpenBLAS's single-precision kernels use for <see cref="CoreName"/>: 512 for
    /// the AVX-512 families (SkylakeX, Cooperlake, SapphireRapids), 256 for the AVX/AVX2 ones (Haswell, Zen,
    /// Sandybridge, Bulldozer, Piledriver, Steamroller, Excavator), 128 for the older SSE ones; 256 for a name not in
    /// these lists (a family newer than this list is at least AVX2), 0 when OpenBLAS is absent.
    /// </summary>
    public static int VectorBits { get; }

    /// <summary>See <see cref="VectorBits"/>.</summary>
    internal static int VectorBitsOf(string? coreName) => coreName?.Trim().ToLowerInvariant() switch
    {
        "skylakex" or "cooperlake" or "sapphirerapids" => 512,
        "haswell" or "zen" or "sandybridge" or "bulldozer" or "piledriver" or "steamroller" or "excavator" => 256,
        "katmai" or "coppermine" or "northwood" or "prescott" or "banias" or "atom" or "core2" or "penryn" or "dunnington"
            or "nehalem" or "athlon" or "opteron" or "opteron_sse3" or "barcelona" or "nano" or "bobcat" => 128,
        _ => 256,
    };

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

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new GemmJob
            {
                A = pa,
                B = pb,
                C = pc,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                SplitColumns = n >= m,
                TransposeA = transposeA,
                TransposeB = transposeB,
                RunPart = &RunPart,
            };

            int slabs = Slabs(in job);
            int usable = Workers.Threads(threads);
            int parts = usable <= 1 ? 1 : Math.Min(Math.Min(usable * Workers.PartsPerThread, Workers.MaximumParts), slabs);
            if (parts > 1 && (long)m * n * k >= ManagedGemm.ParallelThreshold)
            {
                job.Parts = parts;
                if (Workers.TryRun(&GemmJob.Run, &job, parts, usable))
                {
                    return;
                }
            }

            job.Parts = 1;
            RunPart(in job, 0);
        }
    }

    private static int Slabs(in GemmJob job) => ((job.SplitColumns ? job.N : job.M) + SlabSize - 1) / SlabSize;

    /// <summary>Computes the slabs of part <paramref name="part"/>: a contiguous run of the shape-determined slabs.</summary>
    public static void RunPart(in GemmJob job, int part)
    {
        // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]; a slab is C[:, j0..j1) or C[i0..i1, :]
        int slabs = Slabs(in job);
        int first = (int)((long)slabs * part / job.Parts);
        int last = (int)((long)slabs * (part + 1) / job.Parts);
        int m = job.M, n = job.N, k = job.K;
        int lda = Math.Max(1, job.TransposeA ? m : k);
        int ldb = Math.Max(1, job.TransposeB ? k : n);
        int ta = job.TransposeA ? CblasTrans : CblasNoTrans;
        int tb = job.TransposeB ? CblasTrans : CblasNoTrans;
        for (int s = first; s < last; s++)
        {
            int start = s * SlabSize;
            if (job.SplitColumns)
            {
                int width = Math.Min(SlabSize, n - start);
                float* b = job.B + (job.TransposeB ? (nint)start * k : start);
                s_sgemm(CblasRowMajor, ta, tb, m, width, k, job.Alpha, job.A, lda, b, ldb, job.Beta, job.C + start, Math.Max(1, n));
            }
            else
            {
                int height = Math.Min(SlabSize, m - start);
                float* a = job.A + (job.TransposeA ? start : (nint)start * k);
                s_sgemm(CblasRowMajor, ta, tb, height, n, k, job.Alpha, a, lda, job.B, ldb, job.Beta, job.C + ((nint)start * n), Math.Max(1, n));
            }
        }
    }
}
