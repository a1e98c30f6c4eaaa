namespace MLNetDeep.AutoML.Tests.SearchSpaces;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Legacy.Trainers;

[TestClass]
public sealed class SearchSpaceTests
{
    private static double[] Draw(SearchParameter p, int n, long seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => Convert.ToDouble(p.FromUnit(rng.NextDouble()), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [TestMethod]
    public void LogScaleSpendsEqualSamplesPerDecade()
    {
        var lr = new FloatParameter("lr", 1e-4, 1e-1, scale: ParameterScale.Log);
        double[] v = Draw(lr, 30000, 1);
        foreach (var (lo, hi) in new[] { (1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1) })
        {
            double share = v.Count(x => x >= lo && x < hi) / (double)v.Length;
            Assert.AreEqual(1.0 / 3, share, 0.015, $"decade [{lo}, {hi})");
        }

        Assert.IsTrue(v.All(x => x >= 1e-4 && x <= 1e-1));
        double linearShare = Draw(new FloatParameter("lr", 1e-4, 1e-1), 30000, 1).Count(x => x < 1e-2) / 30000.0;
        Assert.IsTrue(linearShare < 0.11, $"a linear scale puts only ~9% below 1e-2; got {linearShare}");
    }

    [TestMethod]
    public void OneMinusLogScaleSpendsHalfOfBetaSamplesAbove099()
    {
        var beta = new FloatParameter("beta", 0.9, 0.999, scale: ParameterScale.OneMinusLog);
        double[] v = Draw(beta, 30000, 2);
        Assert.AreEqual(0.5, v.Count(x => x >= 0.99) / (double)v.Length, 0.015);
        Assert.IsTrue(v.All(x => x >= 0.9 && x <= 0.999));
        Assert.AreEqual(0.9, (double)beta.FromUnit(0), 1e-12);
        Assert.AreEqual(0.999, (double)beta.FromUnit(1), 1e-12);
        Assert.AreEqual(0.99, (double)beta.FromUnit(0.5), 1e-12, "the middle of the unit coordinate is 1 - 10^-2");
    }

    [TestMethod]
    public void PowersOfTwoAreUniformInTheExponent()
    {
        var batch = new IntParameter("batch", 16, 1024, scale: ParameterScale.PowerOfTwo);
        Assert.AreEqual(7, batch.DistinctCount);
        double[] v = Draw(batch, 14000, 3);
        foreach (int k in Enumerable.Range(4, 7))
        {
            Assert.AreEqual(1.0 / 7, v.Count(x => x == 1 << k) / (double)v.Length, 0.015, $"2^{k}");
        }

        Assert.IsTrue(v.All(x => x is 16 or 32 or 64 or 128 or 256 or 512 or 1024));
        Assert.ThrowsExactly<ArgumentException>(() => new IntParameter("batch", 10, 1024, scale: ParameterScale.PowerOfTwo));
    }

    [TestMethod]
    public void UnitCubeRoundTrips()
    {
        SearchSpace space = FeedForwardSearchSpace.Create();
        var rng = new Rng(4);
        for (int t = 0; t < 200; t++)
        {
            double[] u = Enumerable.Range(0, space.Count).Select(_ => rng.NextDouble()).ToArray();
            Parameter p = space.SampleFromFeatureSpace(u);
            double[] back = space.MappingToFeatureSpace(p);
            Parameter again = space.SampleFromFeatureSpace(back);
            Assert.AreEqual(p.ToJson(), again.ToJson(), "a point maps back to itself");
            for (int i = 0; i < space.Count; i++)
            {
                if (space.Parameters[i] is FloatParameter)
                {
                    Assert.AreEqual(u[i], back[i], 1e-9, space.Parameters[i].Name);
                }
            }

            Assert.AreEqual(p.ToJson(), space.ParseParameter(p.ToJson()).ToJson(), "JSON round trip");
        }
    }

    [TestMethod]
    public void FingerprintIsStableAndChangesWithTheSpace()
    {
        SearchSpace a = FeedForwardSearchSpace.Create(), b = FeedForwardSearchSpace.Create();
        Assert.AreEqual(a.Fingerprint, b.Fingerprint);
        Assert.AreEqual(32, a.Fingerprint.Length);
        Assert.AreEqual(a.Fingerprint, SearchSpace.FromJson(a.ToJson()).Fingerprint, "JSON round trip keeps the fingerprint");
        Assert.AreNotEqual(a.Fingerprint, FeedForwardSearchSpace.Create(maxEpochs: 30).Fingerprint);
        Assert.AreNotEqual(a.Fingerprint, FeedForwardSearchSpace.Create().AddBoolean("Extra").Fingerprint);
    }

    private sealed record SweepOptions
    {
        [Range(1e-4, 1e-1, 1e-3, true)]
        public float LearningRate { get; init; }

        [Range(1, 3, 2)]
        public int Layers { get; init; }

        [Range(16, 1024, 64, Scale = ParameterScale.PowerOfTwo)]
        public int BatchSize { get; init; }

        [Range(0.9, 0.999, 0.9, Scale = ParameterScale.OneMinusLog)]
        public double Beta { get; init; }

        [Choice(OptimizerKind.Momentum, OptimizerKind.Adam)]
        public OptimizerKind Optimizer { get; init; }

        [Choice("relu", "tanh")]
        public string Activation { get; init; } = "";

        [BooleanChoice(true)]
        public bool BatchNorm { get; init; }

        public string Untouched { get; init; } = "kept";
    }

    [TestMethod]
    public void TypedSpaceComesFromAttributesAndAppliesBack()
    {
        SearchSpace space = SearchSpace.FromType(typeof(SweepOptions));
        CollectionAssert.AreEqual(new[] { "LearningRate", "Layers", "BatchSize", "Beta", "Optimizer", "Activation", "BatchNorm" }, space.Parameters.Select(p => p.Name).ToArray());
        Assert.AreEqual(ParameterScale.Log, ((FloatParameter)space["LearningRate"]).Scale);
        Assert.IsInstanceOfType<IntParameter>(space["Layers"]);
        Assert.AreEqual(ParameterScale.PowerOfTwo, ((IntParameter)space["BatchSize"]).Scale);
        Assert.AreEqual(ParameterScale.OneMinusLog, ((FloatParameter)space["Beta"]).Scale);
        Assert.AreEqual(true, space.Default["BatchNorm"]);
        Parameter p = space.SampleFromFeatureSpace([1, 1, 1, 1, 0.9, 0.1, 0.2]);
        var options = SearchSpace.Apply(new SweepOptions(), p);
        Assert.AreEqual(0.1f, options.LearningRate, 1e-6f);
        Assert.AreEqual(3, options.Layers);
        Assert.AreEqual(1024, options.BatchSize);
        Assert.AreEqual(0.999, options.Beta, 1e-12);
        Assert.AreEqual(OptimizerKind.Adam, options.Optimizer);
        Assert.AreEqual("relu", options.Activation);
        Assert.IsFalse(options.BatchNorm);
        Assert.AreEqual("kept", options.Untouched);
    }

    [TestMethod]
    public void FeedForwardPointAppliesToTrainerOptions()
    {
        SearchSpace space = FeedForwardSearchSpace.Create();
        Parameter p = space.Default
            .With(FeedForwardSearchSpace.HiddenLayerCount, 3).With(FeedForwardSearchSpace.HiddenUnits2, 128)
            .With(FeedForwardSearchSpace.Optimizer, "RmsProp").With(FeedForwardSearchSpace.LearningRateDecay, "InverseTime")
            .With(FeedForwardSearchSpace.BatchNormalization, true).With(FeedForwardSearchSpace.Beta1, 0.95);
        var o = FeedForwardSearchSpace.Apply(new FeedForwardBinaryTrainer.Options(), p);
        CollectionAssert.AreEqual(new[] { 64, 128, 64 }, o.HiddenLayers.ToArray());
        Assert.AreEqual(OptimizerKind.RmsProp, o.Optimizer);
        Assert.AreEqual(LearningRateSchedule.InverseTime(0.05), o.LearningRateSchedule);
        Assert.IsTrue(o.BatchNormalization);
        Assert.AreEqual(0.95f, o.AdamBeta1, 1e-6f);
        Assert.AreEqual(0.95f, o.Momentum, 1e-6f);
        Assert.AreEqual(20, o.NumberOfEpochs);
        Assert.AreEqual(1e-3f, o.LearningRate, 1e-9f);
        o.Validate();
        var rng = new Rng(5);
        for (int t = 0; t < 50; t++)
        {
            FeedForwardSearchSpace.Apply(new FeedForwardBinaryTrainer.Options(), space.SampleFromFeatureSpace(Enumerable.Range(0, space.Count).Select(_ => rng.NextDouble()).ToArray())).Validate();
        }
    }
}
