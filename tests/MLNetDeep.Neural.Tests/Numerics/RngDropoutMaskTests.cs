namespace MLNetDeep.Neural.Tests.Numerics;

using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class RngDropoutMaskTests
{
    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The lane seeds as the documentation states them: four parent draws, each expanded by SplitMix64.</summary>
    private static ulong[] LaneSeeds(Rng parent)
    {
        var lanes = new ulong[16];
        for (int j = 0; j < 4; j++)
        {
            ulong x = parent.NextUInt64();
            for (int w = 0; w < 4; w++)
            {
                lanes[(4 * w) + j] = SplitMix64(ref x);
            }
        }

        return lanes;
    }

    /// <summary>The plain twin: four textbook xoshiro256** generators; per step, the top 24 bits of lanes 0-3, then
    /// bits 8-31 of lanes 0-3; u = k / 2^24; drop when u &lt; rate.</summary>
    private static float[] PlainMask(Rng parent, int count, float rate, float keep)
    {
        ulong[] seeds = LaneSeeds(parent);
        var gens = Enumerable.Range(0, 4).Select(j => new[] { seeds[j], seeds[4 + j], seeds[8 + j], seeds[12 + j] }).ToArray();
        static ulong Next(ulong[] s)
        {
            ulong result = ulong.RotateLeft(s[1] * 5, 7) * 9;
            ulong t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = ulong.RotateLeft(s[3], 45);
            return result;
        }

        var mask = new float[count];
        for (int i = 0; i < count; i += 8)
        {
            ulong[] r = gens.Select(Next).ToArray();
            for (int e = 0; e < 8 && i + e < count; e++)
            {
                ulong k = e < 4 ? r[e] >> 40 : (r[e - 4] >> 8) & 0xFFFFFF;
                float u = k * (1f / (1 << 24));
                mask[i + e] = u < rate ? 0f : keep;
            }
        }

        return mask;
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]), $"{what}: element {i}");
        }
    }

    [TestMethod]
    [DataRow(0, 0.2f)]
    [DataRow(1, 0.2f)]
    [DataRow(7, 0.5f)]
    [DataRow(15, 0.3f)]
    [DataRow(16, 0.3f)]
    [DataRow(17, 0.3f)]
    [DataRow(33, 0.14f)]
    [DataRow(1023, 0f)]
    [DataRow(4097, 0.2f)]
    [DataRow(4097, 0.999f)]
    [DataRow(257, 5.9604645E-08f)] // 2^-24: only a draw of exactly 0 drops
    [DataRow(257, 1.4E-45f)] // the smallest subnormal
    public void TheMaskIsBitForBitThePlainTwinOnBothPathsAndTheParentAdvancesByFourDraws(int count, float rate)
    {
        float keep = 1f / (1f - rate);
        var plainRng = Rng.Derive(42, 3, (ulong)count);
        var fastRng = Rng.Derive(42, 3, (ulong)count);
        float[] expected = PlainMask(plainRng, count, rate, keep);
        var actual = new float[count];
        fastRng.FillDropoutMask(actual, rate, keep);
        AssertBits(expected, actual, "FillDropoutMask");
        for (int k = 0; k < 5; k++)
        {
            Assert.AreEqual(plainRng.NextUInt64(), fastRng.NextUInt64(), "the parent continues from the same state");
        }

        // Both implementations, whatever this machine's vector support.
        ulong[] seeds = LaneSeeds(Rng.Derive(42, 3, (ulong)count));
        double scaled = (double)rate * (1 << 24);
        int threshold = !(scaled > 0) ? 0 : scaled >= (1 << 24) ? 1 << 24 : (int)Math.Ceiling(scaled);
        uint keepBits = BitConverter.SingleToUInt32Bits(keep);
        var scalar = new float[count];
        Rng.FillMaskScalar(scalar, seeds, threshold, keepBits);
        AssertBits(expected, scalar, "scalar path");
        if (Vector256.IsHardwareAccelerated)
        {
            var vector = new float[count];
            Rng.FillMaskVector256(vector, seeds, threshold, keepBits);
            AssertBits(expected, vector, "AVX2 path");
        }

        if (Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported)
        {
            var vector = new float[count];
            Rng.FillMaskVector512(vector, seeds, threshold, keepBits);
            AssertBits(expected, vector, "AVX-512 path");
        }
    }

    [TestMethod]
    public void DropsAreIndependentBernoulliDrawsAtTheRate()
    {
        // 2^20 elements at rate 0.3: the drop fraction within 5 standard errors, and the drop rate after a drop at
        // distances 1, 4 and 8 (the same lane, the paired half of a lane, the next step) the same as overall.
        const int count = 1 << 20;
        const float rate = 0.3f;
        var mask = new float[count];
        new Rng(11).FillDropoutMask(mask, rate, 1f / (1f - rate));
        double se = Math.Sqrt(rate * (1 - rate) / count);
        double fraction = mask.Count(v => v == 0f) / (double)count;
        Assert.AreEqual(rate, fraction, 5 * se, "overall drop fraction");
        foreach (int lag in new[] { 1, 4, 8 })
        {
            int pairs = 0, both = 0;
            for (int i = 0; i + lag < count; i++)
            {
                if (mask[i] == 0f)
                {
                    pairs++;
                    both += mask[i + lag] == 0f ? 1 : 0;
                }
            }

            Assert.AreEqual(rate, both / (double)pairs, 5 * Math.Sqrt(rate * (1 - rate) / pairs), $"drop after a drop at lag {lag}");
        }
    }

    [TestMethod]
    public void ADrawOfExactlyTheRateIsKept()
    {
        // u < rate drops; u == rate keeps: use the twin's first draw (element 0: lane 0's top 24 bits) as the rate.
        ulong[] seeds = LaneSeeds(new Rng(7));
        ulong s1 = seeds[4];
        ulong first = ulong.RotateLeft(s1 * 5, 7) * 9;
        float rate = (first >> 40) * (1f / (1 << 24));
        var actual = new float[64];
        new Rng(7).FillDropoutMask(actual, rate, 2f);
        Assert.AreEqual(2f, actual[0]);
        AssertBits(PlainMask(new Rng(7), 64, rate, 2f), actual, "mask");
    }
}
