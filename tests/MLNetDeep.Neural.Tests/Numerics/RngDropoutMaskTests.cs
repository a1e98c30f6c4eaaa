namespace MLNetDeep.Neural.Tests.Numerics;

using MLNetDeep.Neural.Numerics;

[TestClass]
public sealed class RngDropoutMaskTests
{
    /// <summary>The plain twin: one <see cref="Rng.NextSingle"/> per element, in order.</summary>
    private static float[] PlainMask(Rng rng, int count, float rate, float keep)
    {
        var mask = new float[count];
        for (int i = 0; i < count; i++)
        {
            mask[i] = rng.NextSingle() < rate ? 0f : keep;
        }

        return mask;
    }

    [TestMethod]
    [DataRow(0, 0.2f)]
    [DataRow(1, 0.2f)]
    [DataRow(7, 0.5f)]
    [DataRow(33, 0.14f)]
    [DataRow(1023, 0f)]
    [DataRow(4097, 0.2f)]
    [DataRow(4097, 0.999f)]
    [DataRow(257, 5.9604645E-08f)] // 2^-24: only a draw of exactly 0 drops
    [DataRow(257, 1.4E-45f)] // the smallest subnormal
    public void TheMaskIsBitForBitThePlainLoopAndLeavesTheSameGeneratorState(int count, float rate)
    {
        float keep = 1f / (1f - rate);
        var plainRng = Rng.Derive(42, 3, (ulong)count);
        var fastRng = Rng.Derive(42, 3, (ulong)count);
        float[] expected = PlainMask(plainRng, count, rate, keep);
        var actual = new float[count];
        fastRng.FillDropoutMask(actual, rate, keep);
        for (int i = 0; i < count; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]), $"element {i}");
        }

        for (int k = 0; k < 5; k++)
        {
            Assert.AreEqual(plainRng.NextUInt64(), fastRng.NextUInt64(), "the generator continues from the same state");
        }
    }

    [TestMethod]
    public void ADrawOfExactlyTheRateIsKept()
    {
        // u < rate drops; u == rate keeps. Find draws and use one of them as the rate.
        var probe = new Rng(7);
        var draws = new float[64];
        for (int i = 0; i < draws.Length; i++)
        {
            draws[i] = probe.NextSingle();
        }

        float rate = draws[10];
        float[] expected = PlainMask(new Rng(7), 64, rate, 2f);
        var actual = new float[64];
        new Rng(7).FillDropoutMask(actual, rate, 2f);
        Assert.AreEqual(2f, actual[10]);
        CollectionAssert.AreEqual(expected, actual);
    }
}
