namespace MLNetDeep.Neural.Numerics;

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
    /// A dropout mask: for each element in order one draw <c>u</c> exactly as <see cref="NextSingle"/> would give, and
    /// <c>mask[i] = u &lt; rate ? 0 : keepValue</c>. The same draws, in the same order, and the same generator state
    /// afterwards as that loop over <see cref="NextSingle"/>; it is the loop with the state held in locals and no branch
    /// on the (unpredictable) comparison.
    /// </summary>
    public void FillDropoutMask(Span<float> mask, float rate, float keepValue)
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        uint keepBits = BitConverter.SingleToUInt32Bits(keepValue);
        // NextSingle is k * 2^-24 for the 24-bit integer k = bits >> 40 (exact), so u < rate exactly when k < rate * 2^24
        // (exact in double), that is when k < ceil(rate * 2^24): compare integers, no float conversion.
        double scaledRate = (double)rate * (1 << 24);
        ulong threshold = !(scaledRate > 0) ? 0 : scaledRate >= (1 << 24) ? 1UL << 24 : (ulong)Math.Ceiling(scaledRate);
        for (int i = 0; i < mask.Length; i++)
        {
            ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            uint keep = (uint)-(int)Convert.ToUInt32((result >> 40) >= threshold); // all ones when kept, else 0
            mask[i] = BitConverter.UInt32BitsToSingle(keepBits & keep);
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
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
