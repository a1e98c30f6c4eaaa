namespace MLNetDeep.Neural.Numerics;

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

/// <summary>
/// The engine's seeded pseudo-random generator: xoshiro256** (Blackman and Vigna) seeded through SplitMix64.
/// Every random draw in MLNetDeep (initialization, shuffling, dropout masks, splits, sampling) comes from one of
/// these, so the same seed gives the same numbers on every machine and every .NET version.
/// </summary>
/// <remarks>
/// Independent streams are derived with <see cref="Derive(long, ulong, ulong)"/> from (seed, purpose, index), for
/// example one stream per epoch for shuffling. A resumed training run therefore needs no generator state: epoch
/// <c>e</c> always draws from the same stream. Not thread-safe; give each thread its own instance.
/// </remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a 64-bit seed (any value, including 0).</summary>
    public Rng(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// Creates the generator for one purpose and index derived from a seed, e.g. <c>Derive(seed, Streams.Shuffle, epoch)</c>.
    /// Different (purpose, index) pairs give statistically independent streams.
    /// </summary>
    public static Rng Derive(long seed, ulong purpose, ulong index)
    {
        ulong x = unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL;
        ulong h = SplitMix64(ref x);
        x = h ^ (purpose * 0xBF58476D1CE4E5B9UL);
        h = SplitMix64(ref x);
        x = h ^ (index * 0x94D049BB133111EBUL);
        h = SplitMix64(ref x);
        return new Rng(unchecked((long)h));
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// A dropout mask: <c>mask[i] = u_i &lt; rate ? 0 : keepValue</c> for independent uniform draws <c>u_i</c> on the
    /// 2^-24 grid (as <see cref="NextSingle"/> gives), drawn eight at a time from four xoshiro256** lanes.
    /// </summary>
    /// <remarks>
    /// The lanes are seeded through SplitMix64 from four draws of this generator, which advances by exactly those four
    /// draws whatever the mask's length. Each step of the four lanes gives eight 24-bit integers <c>k</c>: bits 40-63
    /// of lanes 0-3, then bits 8-31 of lanes 0-3, filling the mask in that order; <c>u = k * 2^-24</c>, so
    /// <c>u &lt; rate</c> exactly when <c>k &lt; ceil(rate * 2^24)</c> and the comparison stays in integers. The
    /// AVX-512 path, the AVX2 path (one 256-bit register per state word) and the scalar path give the same bits; the
    /// tests compare each with a plain twin. About eight times the speed of one <see cref="NextSingle"/> per element.
    /// </remarks>
    public void FillDropoutMask(Span<float> mask, float rate, float keepValue)
    {
        double scaledRate = (double)rate * (1 << 24);
        int threshold = !(scaledRate > 0) ? 0 : scaledRate >= (1 << 24) ? 1 << 24 : (int)Math.Ceiling(scaledRate);
        uint keepBits = BitConverter.SingleToUInt32Bits(keepValue);
        Span<ulong> lanes = stackalloc ulong[16]; // state word w of lane j at [4 * w + j]
        for (int j = 0; j < 4; j++)
        {
            ulong x = NextUInt64();
            for (int w = 0; w < 4; w++)
            {
                lanes[(4 * w) + j] = SplitMix64(ref x);
            }
        }

        if (Simd.Best == SimdPath.Vector512 && Avx512DQ.VL.IsSupported)
        {
            FillMaskVector512(mask, lanes, threshold, keepBits);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            FillMaskVector256(mask, lanes, threshold, keepBits);
        }
        else
        {
            FillMaskScalar(mask, lanes, threshold, keepBits);
        }
    }

    /// <summary>
    /// The AVX-512 form of <see cref="FillMaskVector256"/>, with the same bits: the four lanes stay in 256-bit registers
    /// (the recurrence is serial per lane), but the multiplications by 5 and 9 and the rotations are single AVX-512VL/DQ
    /// instructions, and two steps (16 mask elements) are stored as one 512-bit vector.
    /// </summary>
    internal static void FillMaskVector512(Span<float> mask, ReadOnlySpan<ulong> lanes, int threshold, uint keepBits)
    {
        Vector256<ulong> s0 = Vector256.Create(lanes[0..4]), s1 = Vector256.Create(lanes[4..8]);
        Vector256<ulong> s2 = Vector256.Create(lanes[8..12]), s3 = Vector256.Create(lanes[12..16]);
        Vector512<int> vthreshold = Vector512.Create(threshold);
        Vector512<uint> vkeep = Vector512.Create(keepBits);
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(mask);
        ref uint start = ref MemoryMarshal.GetReference(bits);
        int full = bits.Length & ~15, i = 0;
        for (; i < full; i += 16)
        {
            // two steps of xoshiro256** on four lanes: eight 24-bit draws each, in FillMaskVector256's order (no call
            // in this loop, so the state stays in registers)
            Vector512<uint> k = Vector512.Create(Step512(ref s0, ref s1, ref s2, ref s3), Step512(ref s0, ref s1, ref s2, ref s3));
            (Vector512.GreaterThanOrEqual(k.AsInt32(), vthreshold).AsUInt32() & vkeep).StoreUnsafe(ref start, (nuint)i);
        }

        if (i < bits.Length)
        {
            Vector512<uint> k = Vector512.Create(Step512(ref s0, ref s1, ref s2, ref s3), Step512(ref s0, ref s1, ref s2, ref s3));
            Span<uint> tail = stackalloc uint[16];
            (Vector512.GreaterThanOrEqual(k.AsInt32(), vthreshold).AsUInt32() & vkeep).CopyTo(tail);
            tail[..(bits.Length - i)].CopyTo(bits[i..]);
        }
    }

    /// <summary>One xoshiro256** step of four lanes with AVX-512VL/DQ: bits 40-63 of lanes 0-3, then bits 8-31 of lanes 0-3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Step512(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        Vector256<ulong> r = Avx512DQ.VL.MultiplyLow(Avx512F.VL.RotateLeft(Avx512DQ.VL.MultiplyLow(s1, Vector256.Create(5UL)), 7), Vector256.Create(9UL));
        Vector256<ulong> t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Avx512F.VL.RotateLeft(s3, 45);
        return Vector256.Narrow(r >> 40, (r >> 8) & Vector256.Create(0xFFFFFFUL));
    }

    internal static void FillMaskVector256(Span<float> mask, ReadOnlySpan<ulong> lanes, int threshold, uint keepBits)
    {
        Vector256<ulong> s0 = Vector256.Create(lanes[0..4]), s1 = Vector256.Create(lanes[4..8]);
        Vector256<ulong> s2 = Vector256.Create(lanes[8..12]), s3 = Vector256.Create(lanes[12..16]);
        Vector256<int> vthreshold = Vector256.Create(threshold);
        Vector256<uint> vkeep = Vector256.Create(keepBits);
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(mask);
        ref uint start = ref MemoryMarshal.GetReference(bits);
        int full = bits.Length & ~7, i = 0;
        for (; i < full; i += 8)
        {
            // no call in this loop, so the state stays in registers
            Vector256<uint> k = Step256(ref s0, ref s1, ref s2, ref s3);
            (Vector256.GreaterThanOrEqual(k.AsInt32(), vthreshold).AsUInt32() & vkeep).StoreUnsafe(ref start, (nuint)i);
        }

        if (i < bits.Length)
        {
            Vector256<uint> k = Step256(ref s0, ref s1, ref s2, ref s3);
            Span<uint> tail = stackalloc uint[8];
            (Vector256.GreaterThanOrEqual(k.AsInt32(), vthreshold).AsUInt32() & vkeep).CopyTo(tail);
            tail[..(bits.Length - i)].CopyTo(bits[i..]);
        }
    }

    /// <summary>One xoshiro256** step of four lanes with AVX2 (* 5 and * 9 as shift-and-add: AVX2 has no 64-bit multiply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Step256(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        Vector256<ulong> five = (s1 << 2) + s1;
        Vector256<ulong> rotated = (five << 7) | (five >> 57);
        Vector256<ulong> result = (rotated << 3) + rotated;
        Vector256<ulong> t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 45) | (s3 >> 19);
        return Vector256.Narrow(result >> 40, (result >> 8) & Vector256.Create(0xFFFFFFUL));
    }

    internal static void FillMaskScalar(Span<float> mask, ReadOnlySpan<ulong> lanes, int threshold, uint keepBits)
    {
        Span<ulong> s = stackalloc ulong[16];
        lanes.CopyTo(s);
        Span<ulong> results = stackalloc ulong[4];
        for (int i = 0; i < mask.Length; i += 8)
        {
            for (int j = 0; j < 4; j++)
            {
                ulong s0 = s[j], s1 = s[4 + j], s2 = s[8 + j], s3 = s[12 + j];
                results[j] = ulong.RotateLeft(s1 * 5, 7) * 9;
                ulong t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = ulong.RotateLeft(s3, 45);
                (s[j], s[4 + j], s[8 + j], s[12 + j]) = (s0, s1, s2, s3);
            }

            for (int e = 0; e < 8 && i + e < mask.Length; e++)
            {
                ulong r = results[e & 3];
                long k = (long)(e < 4 ? r >> 40 : (r >> 8) & 0xFFFFFF);
                mask[i + e] = BitConverter.UInt32BitsToSingle(k >= threshold ? keepBits : 0u);
            }
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
        }

        ulong range = (ulong)maxExclusive;
        while (true)
        {
            ulong r = NextUInt64() >> 32;
            ulong m = r * range;
            ulong low = m & 0xFFFFFFFFUL;
            if (low >= (0x1_0000_0000UL - range) % range)
            {
                return (int)(m >> 32);
            }
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A standard normal draw (mean 0, standard deviation 1) by the Box–Muller transform, in double.</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
