namespace MLNetDeep.Neural.Tests.Initializers;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Numerics;

[TestClass]
public sealed class InitializerTests
{
    private static (double Mean, double Variance, double MaxAbs) Stats(Initializer init, int fanIn, int fanOut)
    {
        var w = new float[fanIn * fanOut];
        init.Fill(w, fanIn, fanOut, new Rng(5));
        double mean = w.Average(v => (double)v);
        double variance = w.Average(v => (v - mean) * (v - mean));
        return (mean, variance, w.Max(v => Math.Abs((double)v)));
    }

    [TestMethod]
    [DataRow("he-normal", 2.0 / 200)]
    [DataRow("he-uniform", 2.0 / 200)]
    [DataRow("glorot-normal", 2.0 / 500)]
    [DataRow("glorot-uniform", 2.0 / 500)]
    [DataRow("lecun-normal", 1.0 / 200)]
    [DataRow("random-normal(10)", 100.0)]
    public void VarianceMatchesTheFormula(string name, double expectedVariance)
    {
        var (mean, variance, _) = Stats(Initializer.Parse(name), 200, 300);
        Assert.AreEqual(0, mean, 4 * Math.Sqrt(expectedVariance / 60000), "mean near 0");
        Assert.AreEqual(expectedVariance, variance, expectedVariance * 0.03, $"{name}: variance");
    }

    [TestMethod]
    public void UniformVariantsStayWithinTheirLimit()
    {
        Assert.IsTrue(Stats(Initializer.HeUniform, 200, 300).MaxAbs <= Math.Sqrt(6.0 / 200));
        Assert.IsTrue(Stats(Initializer.GlorotUniform, 200, 300).MaxAbs <= Math.Sqrt(6.0 / 500));
    }

    [TestMethod]
    public void ZerosAreZero() => Assert.AreEqual(0, Stats(Initializer.Zeros, 3, 4).MaxAbs);

    [TestMethod]
    public void ParseAcceptsTheCourseNamesAndRejectsUnknownOnesListingTheKnown()
    {
        Assert.AreEqual(Initializer.HeNormal, Initializer.Parse("He"));
        Assert.AreEqual(Initializer.RandomNormal(10), Initializer.Parse("large"));
        Assert.AreEqual("random-normal(0.5)", Initializer.Parse("random-normal(0.5)").Name);
        var e = Assert.ThrowsExactly<FormatException>(() => Initializer.Parse("kaiming"));
        StringAssert.Contains(e.Message, "'kaiming'");
        StringAssert.Contains(e.Message, "glorot");
    }

    [TestMethod]
    public void RandomNormalRejectsNonPositiveStddev() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Initializer.RandomNormal(0));
}
