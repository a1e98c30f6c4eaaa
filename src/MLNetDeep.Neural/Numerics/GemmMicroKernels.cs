using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// The register-blocked micro-kernels of <see cref="ManagedGemm"/>: each computes one MR x NR tile of C (6 x 16, or
/// 8 x 32 for the 512-bit kernel) from a packed A panel and a packed B panel, and stores it as
/// <c>C = alpha * acc + beta * C</c> (beta 0: overwrite).
/// </summary>
/// <remarks>
/// Every kernel accumulates each element of the tile over p = 0 .. kc-1 in order, one multiply-add per step, so an
/// element's value does not depend on where the tile sits in C; partial tiles compute the full padded tile and store
/// only the valid part. The store rounds <c>alpha * acc</c> and <c>beta * c</c> separately before adding, the same in
/// the vector and the scalar store, so full and partial tiles agree bit for bit.
/// </remarks>
internal static unsafe class GemmMicroKernels
{
    private const int MR = ManagedGemm.MR;
    private const int NR = ManagedGemm.NR;
    private const int MR512 = ManagedGemm.MR512;
    private const int NR512 = ManagedGemm.NR512;

    /// <summary>Vector512 + FMA kernel: 16 zmm accumulators (an 8 x 32 tile), 2 for B, 1 broadcast of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vector512Fma(int kc, float* a, float* b, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        // a [kc, 8] packed  b [kc, 32] packed  c [mr <= 8, nr <= 32] with row stride ldc
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.LoadAligned(b);
            Vector512<float> b1 = Vector512.LoadAligned(b + 16);
            Vector512<float> av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += MR512;
            b += NR512;
        }

        if (mr == MR512 && nr == NR512)
        {
            StoreRow(c, c00, c01, alpha, beta);
            StoreRow(c + ldc, c10, c11, alpha, beta);
            StoreRow(c + 2 * ldc, c20, c21, alpha, beta);
            StoreRow(c + 3 * ldc, c30, c31, alpha, beta);
            StoreRow(c + 4 * ldc, c40, c41, alpha, beta);
            StoreRow(c + 5 * ldc, c50, c51, alpha, beta);
            StoreRow(c + 6 * ldc, c60, c61, alpha, beta);
            StoreRow(c + 7 * ldc, c70, c71, alpha, beta);
            return;
        }

        float* acc = stackalloc float[MR512 * NR512];
        c00.Store(acc); c01.Store(acc + 16);
        c10.Store(acc + 32); c11.Store(acc + 48);
        c20.Store(acc + 64); c21.Store(acc + 80);
        c30.Store(acc + 96); c31.Store(acc + 112);
        c40.Store(acc + 128); c41.Store(acc + 144);
        c50.Store(acc + 160); c51.Store(acc + 176);
        c60.Store(acc + 192); c61.Store(acc + 208);
        c70.Store(acc + 224); c71.Store(acc + 240);
        StorePartial(acc, NR512, c, ldc, mr, nr, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> lo, Vector512<float> hi, float alpha, float beta)
    {
        Vector512<float> va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            Vector512.Store(va * lo, c);
            Vector512.Store(va * hi, c + 16);
        }
        else
        {
            Vector512<float> vb = Vector512.Create(beta);
            Vector512.Store((va * lo) + (vb * Vector512.Load(c)), c);
            Vector512.Store((va * hi) + (vb * Vector512.Load(c + 16)), c + 16);
        }
    }

    /// <summary>Vector256 + FMA kernel: 12 ymm accumulators, 2 for B, 1 broadcast of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vector256Fma(int kc, float* a, float* b, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        // a [kc, 6] packed  b [kc, 16] packed  c [mr <= 6, nr <= 16] with row stride ldc
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadAlignedVector256(b);
            Vector256<float> b1 = Avx.LoadAlignedVector256(b + 8);
            Vector256<float> av = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(av, b0, c00);
            c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(av, b0, c10);
            c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(av, b0, c20);
            c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(av, b0, c30);
            c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(av, b0, c40);
            c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(av, b0, c50);
            c51 = Fma.MultiplyAdd(av, b1, c51);
            a += MR;
            b += NR;
        }

        if (mr == MR && nr == NR)
        {
            StoreRow(c, c00, c01, alpha, beta);
            StoreRow(c + ldc, c10, c11, alpha, beta);
            StoreRow(c + 2 * ldc, c20, c21, alpha, beta);
            StoreRow(c + 3 * ldc, c30, c31, alpha, beta);
            StoreRow(c + 4 * ldc, c40, c41, alpha, beta);
            StoreRow(c + 5 * ldc, c50, c51, alpha, beta);
            return;
        }

        float* acc = stackalloc float[MR * NR];
        c00.Store(acc); c01.Store(acc + 8);
        c10.Store(acc + 16); c11.Store(acc + 24);
        c20.Store(acc + 32); c21.Store(acc + 40);
        c30.Store(acc + 48); c31.Store(acc + 56);
        c40.Store(acc + 64); c41.Store(acc + 72);
        c50.Store(acc + 80); c51.Store(acc + 88);
        StorePartial(acc, NR, c, ldc, mr, nr, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, float alpha, float beta)
    {
        Vector256<float> va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            Vector256.Store(va * lo, c);
            Vector256.Store(va * hi, c + 8);
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            Vector256.Store((va * lo) + (vb * Vector256.Load(c)), c);
            Vector256.Store((va * hi) + (vb * Vector256.Load(c + 8)), c + 8);
        }
    }

    /// <summary>Vector128 kernel: the 6 x 16 tile as four 6 x 4 strips, 6 xmm accumulators each.</summary>
    public static void Vector128Strips(int kc, float* a, float* b, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        // a [kc, 6] packed  b [kc, 16] packed  c [mr <= 6, nr <= 16] with row stride ldc
        float* acc = stackalloc float[MR * NR];
        for (int s = 0; s < NR; s += 4)
        {
            Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
            float* ap = a;
            float* bp = b + s;
            for (int p = 0; p < kc; p++)
            {
                Vector128<float> bv = Vector128.Load(bp);
                c0 = MultiplyAdd(Vector128.Create(ap[0]), bv, c0);
                c1 = MultiplyAdd(Vector128.Create(ap[1]), bv, c1);
                c2 = MultiplyAdd(Vector128.Create(ap[2]), bv, c2);
                c3 = MultiplyAdd(Vector128.Create(ap[3]), bv, c3);
                c4 = MultiplyAdd(Vector128.Create(ap[4]), bv, c4);
                c5 = MultiplyAdd(Vector128.Create(ap[5]), bv, c5);
                ap += MR;
                bp += NR;
            }

            c0.Store(acc + s);
            c1.Store(acc + NR + s);
            c2.Store(acc + (2 * NR) + s);
            c3.Store(acc + (3 * NR) + s);
            c4.Store(acc + (4 * NR) + s);
            c5.Store(acc + (5 * NR) + s);
        }

        StorePartial(acc, NR, c, ldc, mr, nr, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> addend)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(x, y, addend);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(addend, x, y);
        }

        return (x * y) + addend;
    }

    /// <summary>Scalar kernel: the plain loop, multiply then add (no fusing), for CPUs without SIMD.</summary>
    public static void Scalar(int kc, float* a, float* b, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        // a [kc, 6] packed  b [kc, 16] packed  c [mr <= 6, nr <= 16] with row stride ldc
        float* acc = stackalloc float[MR * NR];
        new Span<float>(acc, MR * NR).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < MR; r++)
            {
                float av = a[r];
                float* row = acc + (r * NR);
                for (int j = 0; j < NR; j++)
                {
                    row[j] += av * b[j];
                }
            }

            a += MR;
            b += NR;
        }

        StorePartial(acc, NR, c, ldc, mr, nr, alpha, beta);
    }

    /// <summary>Stores the valid <c>[mr, nr]</c> corner of an accumulator tile whose rows are <paramref name="accStride"/> apart.</summary>
    private static void StorePartial(float* acc, int accStride, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        for (int r = 0; r < mr; r++)
        {
            float* src = acc + (r * accStride);
            float* dst = c + (r * ldc);
            if (beta == 0f)
            {
                for (int j = 0; j < nr; j++)
                {
                    dst[j] = alpha * src[j];
                }
            }
            else
            {
                for (int j = 0; j < nr; j++)
                {
                    dst[j] = (alpha * src[j]) + (beta * dst[j]);
                }
            }
        }
    }
}
