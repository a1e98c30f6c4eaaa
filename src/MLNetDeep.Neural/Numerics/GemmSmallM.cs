using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The managed GEMM's path for few rows (fewer than the kernel's micro-tile height, 6 or 8, e.g. one row scored alone): it does not
/// pack B but streams the rows of B in place and accumulates them into a row of C (the axpy form,
/// <c>acc += a[i,p] * B[p,:]</c>) with FMA, one body over <see cref="IFloatLanes{TSelf}"/> run by <see cref="Simd.Run"/>
/// at Vector512 (when the packed kernel is the 512-bit one), then <c>Vector&lt;float&gt;</c> (256-bit on x64), then one lane.
/// Its plain twin is <see cref="ReferenceGemm.MultiplyPackedOrder"/>.
/// </summary>
/// <remarks>
/// <para>It reproduces the packed <see cref="GemmMicroKernels.Vector256Fma"/> kernel's summation order exactly, so a
/// row gives the same bits whether it is multiplied alone or inside a big batch: k is cut into the same equal
/// k-blocks of at most <see cref="ManagedGemm.KC"/>; within a block each element starts at +0 and takes one fused
/// multiply-add per p in ascending order; each block is stored as <c>alpha * acc + beta' * C</c>, the two products
/// rounded separately, with <c>beta' = beta</c> for the first block (0: overwrite) and 1 for the later ones.</para>
/// <para>Only B stored plainly (<c>[k, n]</c>, unit column stride) takes this path; A may have any strides. The
/// accumulator row is a per-thread pinned buffer, so calls allocate nothing once warm.</para>
/// </remarks>
internal static unsafe class GemmSmallM
{
    [ThreadStatic]
    private static float[]? t_acc;

    /// <summary>Whether a product with <paramref name="m"/> rows, B column stride <paramref name="bColStride"/> and <paramref name="kernel"/> takes this path
    /// (fewer rows than the kernel's micro-tile, B stored plainly, an FMA kernel).</summary>
    public static bool Applies(int m, nint bColStride, GemmKernelKind kernel) =>
        bColStride == 1 && kernel is GemmKernelKind.Vector256Fma or GemmKernelKind.Vector512Fma && m < ManagedGemm.Tile(kernel).Mr;

    /// <summary>The k-block length the packed path uses for depth <paramref name="k"/> (equal blocks of at most KC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BlockDepth(int k)
    {
        int kBlocks = (k + ManagedGemm.KC - 1) / ManagedGemm.KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    /// <summary>Computes the whole of <paramref name="job"/>'s C on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmJob job)
    {
        // op(A) [m < 6, k] (any strides)  B [k, n] (row stride BRowStride, unit column stride)  C [m, n] (row stride Ldc)
        int n = job.N;
        int k = job.K;
        int kcMax = BlockDepth(k);
        float* acc = Rent(n);
        nint rs = job.ARowStride;
        nint cs = job.AColStride;
        nint ldb = job.BRowStride;
        SimdPath path = job.Kernel == GemmKernelKind.Vector512Fma ? SimdPath.Vector512 : SimdPath.Vector256;
        for (int i = 0; i < job.M; i++)
        {
            float* aRow = job.A + (i * rs);
            float* cRow = job.C + (i * job.Ldc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int end = Math.Min(k, pc + kcMax);
                new Span<float>(acc, n).Clear();
                int p = pc;
                for (; p + 4 <= end; p += 4)
                {
                    // Four rows of B at once: each element still takes its FMAs in ascending p.
                    Simd.Run(new Axpy(acc, job.B + (p * ldb), ldb, true, aRow[p * cs], aRow[(p + 1) * cs], aRow[(p + 2) * cs], aRow[(p + 3) * cs]), n, path);
                }

                for (; p < end; p++)
                {
                    Simd.Run(new Axpy(acc, job.B + (p * ldb), ldb, false, aRow[p * cs]), n, path);
                }

                Simd.Run(new Store(acc, cRow, job.Alpha, pc == 0 ? job.Beta : 1f), n, path);
            }
        }
    }

    /// <summary>
    /// <c>acc += a0 * w0</c>, then when <c>four</c> <c>+= a1 * w1 + a2 * w2 + a3 * w3</c>, element by element, one FMA
    /// a row in that order (rows of B <c>ldb</c> apart).
    /// </summary>
    private readonly struct Axpy(float* acc, float* w0, nint ldb, bool four, float a0, float a1 = 0f, float a2 = 0f, float a3 = 0f) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint j, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T z0 = T.Create(a0), z1 = T.Create(a1), z2 = T.Create(a2), z3 = T.Create(a3);
            float* w1 = w0 + ldb, w2 = w1 + ldb, w3 = w2 + ldb;
            for (; j <= n - T.Count; j += T.Count)
            {
                T s = T.FusedMultiplyAdd(z0, T.Load(w0 + j), T.Load(acc + j));
                if (four)
                {
                    s = T.FusedMultiplyAdd(z1, T.Load(w1 + j), s);
                    s = T.FusedMultiplyAdd(z2, T.Load(w2 + j), s);
                    s = T.FusedMultiplyAdd(z3, T.Load(w3 + j), s);
                }

                s.Store(acc + j);
            }

            return j;
        }
    }

    /// <summary><c>c = alpha * acc + beta * c</c> (beta 0: <c>c = alpha * acc</c>), the two products rounded separately, as the micro-kernels store.</summary>
    private readonly struct Store(float* acc, float* c, float alpha, float beta) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint j, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T va = T.Create(alpha), vb = T.Create(beta);
            for (; j <= n - T.Count; j += T.Count)
            {
                T s = va * T.Load(acc + j);
                (beta == 0f ? s : s + (vb * T.Load(c + j))).Store(c + j);
            }

            return j;
        }
    }

    /// <summary>This thread's accumulator row of at least <paramref name="length"/> floats (pinned, 64-byte aligned).</summary>
    private static float* Rent(int length)
    {
        const int alignFloats = 16;
        float[]? buffer = t_acc;
        if (buffer is null || buffer.Length < length + alignFloats)
        {
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(length, buffer is null ? 0 : buffer.Length * 2) + alignFloats, pinned: true);
            t_acc = buffer;
        }

        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)(((nint)p + 63) & ~(nint)63);
    }
}
