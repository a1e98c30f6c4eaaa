using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The managed GEMM's path for few rows (fewer than the kernel's micro-tile height, 6 or 8, e.g. one row scored alone): it does not
/// pack B but streams the rows of B in place and accumulates them into a row of C (the axpy form,
/// <c>acc += a[i,p] * B[p,:]</c>), with Vector512 (when the packed kernel is the 512-bit one) or Vector256, and FMA.
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
        int nVec = n & ~7;
        int nWide = job.Kernel == GemmKernelKind.Vector512Fma ? n & ~15 : 0;
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
                    float a0 = aRow[p * cs], a1 = aRow[(p + 1) * cs], a2 = aRow[(p + 2) * cs], a3 = aRow[(p + 3) * cs];
                    float* w0 = job.B + (p * ldb);
                    float* w1 = w0 + ldb;
                    float* w2 = w1 + ldb;
                    float* w3 = w2 + ldb;
                    int j = 0;
                    if (nWide > 0)
                    {
                        Vector512<float> z0 = Vector512.Create(a0), z1 = Vector512.Create(a1);
                        Vector512<float> z2 = Vector512.Create(a2), z3 = Vector512.Create(a3);
                        for (; j < nWide; j += 16)
                        {
                            Vector512<float> s = Vector512.Load(acc + j);
                            s = Avx512F.FusedMultiplyAdd(z0, Vector512.Load(w0 + j), s);
                            s = Avx512F.FusedMultiplyAdd(z1, Vector512.Load(w1 + j), s);
                            s = Avx512F.FusedMultiplyAdd(z2, Vector512.Load(w2 + j), s);
                            s = Avx512F.FusedMultiplyAdd(z3, Vector512.Load(w3 + j), s);
                            Vector512.Store(s, acc + j);
                        }
                    }

                    Vector256<float> v0 = Vector256.Create(a0), v1 = Vector256.Create(a1);
                    Vector256<float> v2 = Vector256.Create(a2), v3 = Vector256.Create(a3);
                    for (; j < nVec; j += 8)
                    {
                        Vector256<float> s = Avx.LoadVector256(acc + j);
                        s = Fma.MultiplyAdd(v0, Avx.LoadVector256(w0 + j), s);
                        s = Fma.MultiplyAdd(v1, Avx.LoadVector256(w1 + j), s);
                        s = Fma.MultiplyAdd(v2, Avx.LoadVector256(w2 + j), s);
                        s = Fma.MultiplyAdd(v3, Avx.LoadVector256(w3 + j), s);
                        Avx.Store(acc + j, s);
                    }

                    for (; j < n; j++)
                    {
                        float s = acc[j];
                        s = MathF.FusedMultiplyAdd(a0, w0[j], s);
                        s = MathF.FusedMultiplyAdd(a1, w1[j], s);
                        s = MathF.FusedMultiplyAdd(a2, w2[j], s);
                        s = MathF.FusedMultiplyAdd(a3, w3[j], s);
                        acc[j] = s;
                    }
                }

                for (; p < end; p++)
                {
                    float a0 = aRow[p * cs];
                    float* w0 = job.B + (p * ldb);
                    int j = 0;
                    if (nWide > 0)
                    {
                        Vector512<float> z0 = Vector512.Create(a0);
                        for (; j < nWide; j += 16)
                        {
                            Vector512.Store(Avx512F.FusedMultiplyAdd(z0, Vector512.Load(w0 + j), Vector512.Load(acc + j)), acc + j);
                        }
                    }

                    Vector256<float> v0 = Vector256.Create(a0);
                    for (; j < nVec; j += 8)
                    {
                        Avx.Store(acc + j, Fma.MultiplyAdd(v0, Avx.LoadVector256(w0 + j), Avx.LoadVector256(acc + j)));
                    }

                    for (; j < n; j++)
                    {
                        acc[j] = MathF.FusedMultiplyAdd(a0, w0[j], acc[j]);
                    }
                }

                Store(acc, cRow, n, job.Alpha, pc == 0 ? job.Beta : 1f);
            }
        }
    }

    /// <summary><c>c = alpha * acc + beta * c</c> (beta 0: <c>c = alpha * acc</c>), the two products rounded separately, as the micro-kernels store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* acc, float* c, int n, float alpha, float beta)
    {
        Vector256<float> va = Vector256.Create(alpha);
        int j = 0;
        if (beta == 0f)
        {
            for (; j + 8 <= n; j += 8)
            {
                Vector256.Store(va * Vector256.Load(acc + j), c + j);
            }

            for (; j < n; j++)
            {
                c[j] = alpha * acc[j];
            }
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            for (; j + 8 <= n; j += 8)
            {
                Vector256.Store((va * Vector256.Load(acc + j)) + (vb * Vector256.Load(c + j)), c + j);
            }

            for (; j < n; j++)
            {
                c[j] = (alpha * acc[j]) + (beta * c[j]);
            }
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
