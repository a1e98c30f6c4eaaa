using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The managed SIMD GEMM, organised as in GotoBLAS / BLIS: op(B) is packed in <c>[KC, NC]</c> blocks of NR-wide
/// panels, op(A) in <c>[MC, KC]</c> blocks of MR-tall panels, and a register-blocked micro-kernel
/// (<see cref="GemmMicroKernels"/>: 8 x 32 with Vector512 where the CPU runs 512-bit vectors at full speed, else
/// 6 x 16 with Vector256 + FMA) runs over the packed panels. Its plain twins are <see cref="ReferenceGemm"/>.
/// Fewer than MR rows with B stored plainly skip packing (<see cref="GemmSmallM"/>), giving the same bits.
/// </summary>
/// <remarks>
/// <para>Blocking: k is cut into equal blocks of at most KC = 400 (784 -> 2 x 392; measured faster on the training
/// shapes than 256), MC = 144 rows of packed A (at most 225 KB, in L2), NC = 1024 columns of packed B (in L2/L3).
/// The B micro-panel being streamed is at most 25 KB (L1).</para>
/// <para>Threads split C into slabs of whole micro-tiles, along n when n is at least m, else along m; k is never
/// split, and k-blocks are always taken in the same order, so every element of C is summed in the same order
/// whatever the number of threads: results are bit-identical with 1 or many threads. The k-blocks depend on k alone
/// (not on the kernel) and every FMA kernel sums an element the same way, so the Vector512 and Vector256 kernels
/// also give the same bits (the tests check it); only the Vector128 and scalar fallbacks round differently.</para>
/// <para>Packing buffers are per thread (<see cref="ThreadStaticAttribute"/>), pinned, 64-byte aligned, grown on
/// demand and then reused, so calls allocate nothing once warm.</para>
/// </remarks>
internal static unsafe class ManagedGemm
{
    /// <summary>Rows of the micro-tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of the micro-tile (two Vector256 of float).</summary>
    public const int NR = 16;

    /// <summary>Rows of the 512-bit micro-tile.</summary>
    public const int MR512 = 8;

    /// <summary>Columns of the 512-bit micro-tile (two Vector512 of float).</summary>
    public const int NR512 = 32;

    /// <summary>Depth of a packed block.</summary>
    public const int KC = 400;

    /// <summary>Rows of a packed A block (a multiple of MR and MR512).</summary>
    public const int MC = 144;

    /// <summary>Columns of a packed B block (a multiple of NR and NR512).</summary>
    public const int NC = 1024;

    /// <summary>Products with fewer multiply-adds than this run on the calling thread: waking a worker costs more.</summary>
    public const long ParallelThreshold = 1L << 17;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_packB;

    /// <summary>
    /// The fastest kernel this CPU runs: Vector512 + FMA where <c>Vector512.IsHardwareAccelerated</c> (.NET keeps it
    /// false on CPUs whose 512-bit instructions would lower the clock), else Vector256 + FMA, else Vector128, else scalar.
    /// </summary>
    public static GemmKernelKind BestKernel { get; } =
        IsSupported(GemmKernelKind.Vector512Fma) ? GemmKernelKind.Vector512Fma
        : IsSupported(GemmKernelKind.Vector256Fma) ? GemmKernelKind.Vector256Fma
        : Vector128.IsHardwareAccelerated ? GemmKernelKind.Vector128
        : GemmKernelKind.Scalar;

    /// <summary>Whether <paramref name="kind"/> can run on this CPU.</summary>
    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512Fma => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        GemmKernelKind.Vector256Fma => Fma.IsSupported && Vector256.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The micro-tile (rows, columns) of <paramref name="kind"/>.</summary>
    public static (int Mr, int Nr) Tile(GemmKernelKind kind) => kind == GemmKernelKind.Vector512Fma ? (MR512, NR512) : (MR, NR);

    /// <summary>
    /// <c>C = alpha * op(A) * op(B) + beta * C</c> (beta 0 overwrites C). Arguments are validated by <see cref="Gemm"/>;
    /// m, n and k are positive here.
    /// </summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int threads,
        GemmKernelKind kernel = GemmKernelKind.Best)
    {
        // A [m,k] (or [k,m] transposed)  B [k,n] (or [n,k] transposed)  C [m,n]
        if (kernel == GemmKernelKind.Best)
        {
            // Narrow products (a 10-class output layer) waste most of a 32-wide tile: the 16-wide Vector256 kernel
            // computes 16 columns instead of 32. Both FMA kernels give the same bits, so the choice is free.
            kernel = BestKernel == GemmKernelKind.Vector512Fma && n <= NR ? GemmKernelKind.Vector256Fma : BestKernel;
        }

        if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException(kernel == GemmKernelKind.Vector512Fma
                ? "The GEMM kernel Vector512Fma needs accelerated Vector512 (AVX-512F), which this process lacks."
                : $"The GEMM kernel {kernel} needs AVX and FMA3, which this CPU lacks.");
        }

        (int mr, int nr) = Tile(kernel);

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new GemmJob
            {
                A = pa,
                ARowStride = transposeA ? 1 : k,
                AColStride = transposeA ? m : 1,
                B = pb,
                BRowStride = transposeB ? 1 : n,
                BColStride = transposeB ? k : 1,
                C = pc,
                Ldc = n,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                Kernel = kernel,
                Mr = mr,
                Nr = nr,
                SplitColumns = n >= m,
                RunPart = &RunPart,
            };

            if (GemmSmallM.Applies(m, job.BColStride, kernel))
            {
                // Few rows (one scored alone): stream B unpacked; same bits as the packed kernel (GemmSmallM).
                GemmSmallM.Run(in job);
                return;
            }

            int tiles = job.SplitColumns ? (n + nr - 1) / nr : (m + mr - 1) / mr;
            int usable = Workers.Threads(threads);
            int parts = usable <= 1 ? 1 : Math.Min(Math.Min(usable * Workers.PartsPerThread, Workers.MaximumParts), tiles);
            if (parts > 1 && (long)m * n * k >= ParallelThreshold)
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

    /// <summary>Computes slab <paramref name="part"/> of <paramref name="job"/>'s C (of <see cref="GemmJob.Parts"/>).</summary>
    public static void RunPart(in GemmJob job, int part)
    {
        int unit = job.SplitColumns ? job.Nr : job.Mr;
        int extent = job.SplitColumns ? job.N : job.M;
        int tiles = (extent + unit - 1) / unit;
        int first = (int)((long)tiles * part / job.Parts) * unit;
        int last = Math.Min(extent, (int)((long)tiles * (part + 1) / job.Parts) * unit);
        if (first >= last)
        {
            return;
        }

        if (job.SplitColumns)
        {
            Block(in job, 0, job.M, first, last);
        }
        else
        {
            Block(in job, first, last, 0, job.N);
        }
    }

    /// <summary>The five GotoBLAS loops over the sub-matrix <c>C[i0 .. i1, j0 .. j1]</c>.</summary>
    private static void Block(in GemmJob job, int i0, int i1, int j0, int j1)
    {
        // op(A) [i1-i0, K]  op(B) [K, j1-j0]  C [i1-i0, j1-j0]
        int k = job.K;

        // Equal k-blocks of at most KC (1030 -> 3 x 344, not 2 x 400 + 230): a thin last block wastes a pass over C.
        // They depend on k alone, never on the slab, so the summation order stays independent of the threads.
        int kcMax = GemmSmallM.BlockDepth(k);
        int mrTile = job.Mr, nrTile = job.Nr;
        int ncMax = Math.Min(NC, RoundUp(j1 - j0, nrTile));
        int mcMax = Math.Min(MC, RoundUp(i1 - i0, mrTile));
        float* packA = Rent(ref t_packA, mcMax * kcMax);
        float* packB = Rent(ref t_packB, ncMax * kcMax);
        nint ldc = job.Ldc;
        GemmKernelKind kernel = job.Kernel;

        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                GemmPacking.PackB(in job, pc, kc, jc, nc, packB);

                // The first k-block applies beta; later ones add onto what the earlier ones stored.
                float beta = pc == 0 ? job.Beta : 1f;
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    GemmPacking.PackA(in job, ic, mc, pc, kc, packA);
                    for (int jr = 0; jr < nc; jr += nrTile)
                    {
                        int nr = Math.Min(nrTile, nc - jr);
                        float* bp = packB + (jr * kc);
                        float* cCol = job.C + (ic * ldc) + jc + jr;
                        for (int ir = 0; ir < mc; ir += mrTile)
                        {
                            int mr = Math.Min(mrTile, mc - ir);
                            float* ap = packA + (ir * kc);
                            float* ct = cCol + (ir * ldc);
                            Kernel(kernel, kc, ap, bp, ct, ldc, mr, nr, job.Alpha, beta);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(GemmKernelKind kernel, int kc, float* ap, float* bp, float* ct, nint ldc, int mr, int nr, float alpha, float beta)
    {
        switch (kernel)
        {
            case GemmKernelKind.Vector512Fma:
                GemmMicroKernels.Vector512Fma(kc, ap, bp, ct, ldc, mr, nr, alpha, beta);
                break;
            case GemmKernelKind.Vector256Fma:
                GemmMicroKernels.Vector256Fma(kc, ap, bp, ct, ldc, mr, nr, alpha, beta);
                break;
            case GemmKernelKind.Vector128:
                GemmMicroKernels.Vector128Strips(kc, ap, bp, ct, ldc, mr, nr, alpha, beta);
                break;
            default:
                GemmMicroKernels.Scalar(kc, ap, bp, ct, ldc, mr, nr, alpha, beta);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// This thread's packing buffer of at least <paramref name="length"/> floats, 64-byte aligned. The array lives on
    /// the pinned object heap, so the pointer stays valid for the thread's lifetime without a <c>fixed</c>.
    /// </summary>
    private static float* Rent(ref float[]? buffer, int length)
    {
        const int alignFloats = 16;
        if (buffer is null || buffer.Length < length + alignFloats)
        {
            int capacity = Math.Max(length, buffer is null ? 0 : buffer.Length * 2) + alignFloats;
            buffer = GC.AllocateUninitializedArray<float>(capacity, pinned: true);
        }

        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)(((nint)p + 63) & ~(nint)63);
    }
}
