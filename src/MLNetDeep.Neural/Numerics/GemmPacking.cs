using System.Runtime.Intrinsics;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Packs blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the GEMM micro-kernels stream
/// through (the GotoBLAS / BLIS layout).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the block <c>op(A)[i0 .. i0+mc, p0 .. p0+kc]</c> as ceil(mc/MR) panels of <c>[kc, MR]</c>: panel q holds
    /// rows <c>q*MR ..</c>, element (r, p) at <c>dst[q*kc*MR + p*MR + r]</c>; rows past mc are zero.
    /// </summary>
    public static void PackA(in GemmJob job, int i0, int mc, int p0, int kc, float* dst)
    {
        // op(A) block [mc, kc]  ->  dst [ceil(mc/MR), kc, MR]
        const int mr = ManagedGemm.MR;
        nint rs = job.ARowStride;
        nint cs = job.AColStride;
        for (int q = 0; q < mc; q += mr)
        {
            int rows = Math.Min(mr, mc - q);
            float* src = job.A + (i0 + q) * rs + p0 * cs;
            if (rows == mr && rs == 1)
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
            else if (rows == mr && cs == 1)
            {
                // A is stored plainly: read the MR rows side by side, write each column's MR values together.
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
    /// Packs the block <c>op(B)[p0 .. p0+kc, j0 .. j0+nc]</c> as ceil(nc/NR) panels of <c>[kc, NR]</c>: panel q holds
    /// columns <c>q*NR ..</c>, element (p, j) at <c>dst[q*kc*NR + p*NR + j]</c>; columns past nc are zero.
    /// </summary>
    public static void PackB(in GemmJob job, int p0, int kc, int j0, int nc, float* dst)
    {
        // op(B) block [kc, nc]  ->  dst [ceil(nc/NR), kc, NR]
        const int nr = ManagedGemm.NR;
        nint rs = job.BRowStride;
        nint cs = job.BColStride;
        for (int q = 0; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            float* src = job.B + p0 * rs + (j0 + q) * cs;
            if (cols == nr && cs == 1)
            {
                // B is stored plainly: each row of the panel is 16 contiguous floats.
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * rs;
                    Vector128.Store(Vector128.Load(s), dst);
                    Vector128.Store(Vector128.Load(s + 4), dst + 4);
                    Vector128.Store(Vector128.Load(s + 8), dst + 8);
                    Vector128.Store(Vector128.Load(s + 12), dst + 12);
                    dst += nr;
                }
            }
            else if (cs != 1 && rs == 1)
            {
                // B is stored transposed: column j of op(B) is contiguous; scatter it down the panel.
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + j * cs;
                    float* d = dst + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * nr] = s[p];
                    }
                }

                for (int j = cols; j < nr; j++)
                {
                    float* d = dst + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * nr] = 0f;
                    }
                }

                dst += kc * nr;
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    int j = 0;
                    for (; j < cols; j++)
                    {
                        dst[j] = src[p * rs + j * cs];
                    }

                    for (; j < nr; j++)
                    {
                        dst[j] = 0f;
                    }

                    dst += nr;
                }
            }
        }
    }
}
