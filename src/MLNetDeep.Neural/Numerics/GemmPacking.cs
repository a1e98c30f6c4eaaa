using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Packs blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the GEMM micro-kernels stream
/// through (the GotoBLAS / BLIS layout).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the block <c>op(A)[i0 .. i0+mc, p0 .. p0+kc]</c> as ceil(mc/MR) panels of <c>[kc, MR]</c> (MR =
    /// <see cref="GemmJob.Mr"/>): panel q holds rows <c>q*MR ..</c>, element (r, p) at <c>dst[q*kc*MR + p*MR + r]</c>;
    /// rows past mc are zero.
    /// </summary>
    public static void PackA(in GemmJob job, int i0, int mc, int p0, int kc, float* dst)
    {
        // op(A) block [mc, kc]  ->  dst [ceil(mc/MR), kc, MR]
        int mr = job.Mr;
        nint rs = job.ARowStride;
        nint cs = job.AColStride;
        for (int q = 0; q < mc; q += mr)
        {
            int rows = Math.Min(mr, mc - q);
            float* src = job.A + (i0 + q) * rs + p0 * cs;
            if (rows == 8 && mr == 8 && rs == 1)
            {
                // A is stored transposed: the 8 rows of one column p are one contiguous 32-byte piece.
                for (int p = 0; p < kc; p++)
                {
                    Vector256.Store(Vector256.Load(src + p * cs), dst);
                    dst += 8;
                }
            }
            else if (rows == 8 && mr == 8 && cs == 1 && Avx.IsSupported)
            {
                // A is stored plainly: 8x8 register transposes; each column's 8 values are one aligned 32-byte store.
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    float* s = src + p;
                    Transpose8x8(
                        Vector256.Load(s), Vector256.Load(s + rs), Vector256.Load(s + (2 * rs)), Vector256.Load(s + (3 * rs)),
                        Vector256.Load(s + (4 * rs)), Vector256.Load(s + (5 * rs)), Vector256.Load(s + (6 * rs)), Vector256.Load(s + (7 * rs)),
                        out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
                    o0.Store(dst);
                    o1.Store(dst + 8);
                    o2.Store(dst + 16);
                    o3.Store(dst + 24);
                    o4.Store(dst + 32);
                    o5.Store(dst + 40);
                    o6.Store(dst + 48);
                    o7.Store(dst + 56);
                    dst += 64;
                }

                for (; p < kc; p++)
                {
                    for (int r = 0; r < 8; r++)
                    {
                        dst[r] = src[(r * rs) + p];
                    }

                    dst += 8;
                }
            }
            else if (rows == mr && mr == ManagedGemm.MR && rs == 1)
            {
                // A is stored transposed: the MR rows of one column p are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * cs;
                    dst[0] = s[0];
                    dst[1] = s[1];
                    dst[2] = s[2];
                    dst[3] = s[3];
                    dst[4] = s[4];
                    dst[5] = s[5];
                    dst += mr;
                }
            }
            else if (rows == mr && mr == ManagedGemm.MR && cs == 1)
            {
                // A is stored plainly: read the MR rows side by side, write each column's MR values together.
                // (An 8x8 register transpose here measured slower: its 8-wide stores at a 6-float stride split cache lines.)
                float* s0 = src;
                float* s1 = src + rs;
                float* s2 = src + 2 * rs;
                float* s3 = src + 3 * rs;
                float* s4 = src + 4 * rs;
                float* s5 = src + 5 * rs;
                for (int p = 0; p < kc; p++)
                {
                    dst[0] = s0[p];
                    dst[1] = s1[p];
                    dst[2] = s2[p];
                    dst[3] = s3[p];
                    dst[4] = s4[p];
                    dst[5] = s5[p];
                    dst += mr;
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        dst[r] = src[r * rs + p * cs];
                    }

                    for (; r < mr; r++)
                    {
                        dst[r] = 0f;
                    }

                    dst += mr;
                }
            }
        }
    }

    /// <summary>
    /// Packs the block <c>op(B)[p0 .. p0+kc, j0 .. j0+nc]</c> as ceil(nc/NR) panels of <c>[kc, NR]</c> (NR =
    /// <see cref="GemmJob.Nr"/>, 16 or 32): panel q holds columns <c>q*NR ..</c>, element (p, j) at
    /// <c>dst[q*kc*NR + p*NR + j]</c>; columns past nc are zero.
    /// </summary>
    public static void PackB(in GemmJob job, int p0, int kc, int j0, int nc, float* dst)
    {
        // op(B) block [kc, nc]  ->  dst [ceil(nc/NR), kc, NR]
        int nr = job.Nr;
        nint rs = job.BRowStride;
        nint cs = job.BColStride;
        int fullPanels = nc / nr;
        if (cs == 1)
        {
            // B is stored plainly: walk each row of the block once, dealing NR-float pieces to the panels.
            nint panelStride = (nint)kc * nr;
            for (int p = 0; p < kc; p++)
            {
                float* s = job.B + ((p0 + p) * rs) + j0;
                float* d = dst + (p * nr);
                for (int q = 0; q < fullPanels; q++)
                {
                    for (int j = 0; j < nr; j += 16)
                    {
                        Vector128.Store(Vector128.Load(s + j), d + j);
                        Vector128.Store(Vector128.Load(s + j + 4), d + j + 4);
                        Vector128.Store(Vector128.Load(s + j + 8), d + j + 8);
                        Vector128.Store(Vector128.Load(s + j + 12), d + j + 12);
                    }

                    s += nr;
                    d += panelStride;
                }
            }
        }
        else if (rs == 1 && Avx.IsSupported)
        {
            // B is stored transposed: column j of op(B) is contiguous; transpose 8x8 tiles in registers.
            for (int q = 0; q < fullPanels; q++)
            {
                float* panel = dst + ((nint)q * kc * nr);
                for (int half = 0; half < nr; half += 8)
                {
                    float* s = job.B + (p0 * rs) + ((j0 + (q * nr) + half) * cs);
                    int p = 0;
                    for (; p + 8 <= kc; p += 8)
                    {
                        Transpose8x8(
                            Vector256.Load(s + p), Vector256.Load(s + cs + p), Vector256.Load(s + (2 * cs) + p),
                            Vector256.Load(s + (3 * cs) + p), Vector256.Load(s + (4 * cs) + p), Vector256.Load(s + (5 * cs) + p),
                            Vector256.Load(s + (6 * cs) + p), Vector256.Load(s + (7 * cs) + p),
                            out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
                        float* d = panel + (p * nr) + half;
                        o0.Store(d);
                        o1.Store(d + nr);
                        o2.Store(d + (2 * nr));
                        o3.Store(d + (3 * nr));
                        o4.Store(d + (4 * nr));
                        o5.Store(d + (5 * nr));
                        o6.Store(d + (6 * nr));
                        o7.Store(d + (7 * nr));
                    }

                    for (; p < kc; p++)
                    {
                        for (int j = 0; j < 8; j++)
                        {
                            panel[(p * nr) + half + j] = s[(j * cs) + p];
                        }
                    }
                }
            }
        }
        else
        {
            fullPanels = 0;
        }

        // Whatever the fast paths left: the partial last panel (zero-padded), or everything.
        for (int q = fullPanels * nr; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            float* src = job.B + (p0 * rs) + ((j0 + q) * cs);
            float* d = dst + ((nint)(q / nr) * kc * nr);
            for (int p = 0; p < kc; p++)
            {
                int j = 0;
                for (; j < cols; j++)
                {
                    d[j] = src[(p * rs) + (j * cs)];
                }

                for (; j < nr; j++)
                {
                    d[j] = 0f;
                }

                d += nr;
            }
        }
    }

    /// <summary>Transposes the 8x8 block whose rows are r0..r7: o_t = (r0[t], r1[t], ..., r7[t]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3,
        out Vector256<float> o4, out Vector256<float> o5, out Vector256<float> o6, out Vector256<float> o7)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        o0 = Avx.Permute2x128(u0, u4, 0x20);
        o1 = Avx.Permute2x128(u1, u5, 0x20);
        o2 = Avx.Permute2x128(u2, u6, 0x20);
        o3 = Avx.Permute2x128(u3, u7, 0x20);
        o4 = Avx.Permute2x128(u0, u4, 0x31);
        o5 = Avx.Permute2x128(u1, u5, 0x31);
        o6 = Avx.Permute2x128(u2, u6, 0x31);
        o7 = Avx.Permute2x128(u3, u7, 0x31);
    }
}
