namespace MLNetDeep.AutoML.Tests.SearchSpaces;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

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
    public void TheEndsOfARangeAreItsBoundsExactly()
    {
        // A grid's first L2 was 1.0000000000000004E-06 in every record and trial line, not the 1e-6 the space gave.
        SweepSpace space = new SweepSpace().AddFloat("L2", 1e-6, 1, 1e-3, ParameterScale.Log).AddFloat("Beta", 0.9, 0.999, 0.99, ParameterScale.OneMinusLog)
            .AddFloat("Rate", 0.1, 0.7, 0.3);
        Assert.AreEqual("{\"L2\":1E-06,\"Beta\":0.9,\"Rate\":0.1}", space.SampleFromFeatureSpace([0, 0, 0]).ToJson());
        Assert.AreEqual("{\"L2\":1,\"Beta\":0.999,\"Rate\":0.7}", space.SampleFromFeatureSpace([1, 1, 1]).ToJson());
    }

    [TestMethod]
    public void UnitCubeRoundTrips()
    {
        SweepSpace space = FeedForwardSearchSpace.Create();
        var rng = new Rng(4);
        for (int t = 0; t < 200; t++)
        {
            double[] u = Enumerable.Range(0, space.Count).Select(_ => rng.NextDouble()).ToArray();
            SweepParameters p = space.SampleFromFeatureSpace(u);
            double[] back = space.MappingToFeatureSpace(p);
            SweepParameters again = space.SampleFromFeatureSpace(back);
            Assert.AreEqual(p.ToJson(), again.ToJson(), "a point maps back to itself");
            for (int i = 0; i < space.Count; i++)
            {
                if (!p.ContainsKey(space.Parameters[i].Name))
                {
                    Assert.IsTrue(double.IsNaN(back[i]), $"{space.Parameters[i].Name} is inactive in the point: no coordinate");
                }
                else if (space.Parameters[i] is FloatParameter)
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
        SweepSpace a = FeedForwardSearchSpace.Create(), b = FeedForwardSearchSpace.Create();
        Assert.AreEqual(a.Fingerprint, b.Fingerprint);
        Assert.AreEqual(32, a.Fingerprint.Length);
        Assert.AreEqual(a.Fingerprint, SweepSpace.FromJson(a.ToJson()).Fingerprint, "JSON round trip keeps the fingerprint");
        Assert.AreNotEqual(a.Fingerprint, FeedForwardSearchSpace.Create(maxEpochs: 30).Fingerprint);
        Assert.AreNotEqual(a.Fingerprint, FeedForwardSearchSpace.Create().AddBoolean("Extra").Fingerprint);
    }

    [TestMethod]
    [DataRow("""{"parameters": [{"name": "Lr", "type": "float", "min": "a", "max": 1, "init": 0.5, "scale": "Linear"}]}""", "parameter 'Lr'", "\"min\" must be a number")]
    [DataRow("""{"parameters": [{"name": "Lr", "type": "float", "min": 0.1, "max": 1, "init": 0.5}]}""", "parameter 'Lr'", "\"scale\" is missing")]
    [DataRow("""{"parameters": [{"name": "Lr", "type": "float", "min": 0.1, "max": 1, "init": 0.5, "scale": "Logg"}]}""", "parameter 'Lr'", "unknown scale 'Logg'")]
    [DataRow("""{"parameters": [{"name": "Epochs", "type": "int", "min": 1.5, "max": 3, "init": 2, "scale": "Linear"}]}""", "parameter 'Epochs'", "\"min\" must be an integer")]
    [DataRow("""{"parameters": [{"name": "Opt", "type": "choice", "values": [["a"]]}]}""", "parameter 'Opt'", "strings, numbers or Booleans")]
    [DataRow("""{"parameters": [{"name": "Lr", "type": "float", "min": 1, "max": 0.1, "init": 0.5, "scale": "Log"}]}""", "'Lr'", "min 1 must be less than max 0.1")]
    [DataRow("""{"parameters": [{"type": "float"}]}""", "parameters[0]", "\"name\" is missing")]
    [DataRow("""{"parameters": [3]}""", "parameters[0]", "is an object")]
    [DataRow("""[]""", "\"parameters\" array", "object")]
    public void FromJsonRefusesABadSpaceNamingTheParameterAndTheField(string json, string where, string what)
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => SweepSpace.FromJson(json));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    private sealed record SweepOptions
    {
        [SweepRange(1e-4, 1e-1, 1e-3, true)]
        public float LearningRate { get; init; }

        [SweepRange(1, 3, 2)]
        public int Layers { get; init; }

        [SweepRange(16, 1024, 64, Scale = ParameterScale.PowerOfTwo)]
        public int BatchSize { get; init; }

        [SweepRange(0.9, 0.999, 0.9, Scale = ParameterScale.OneMinusLog)]
        public double Beta { get; init; }

        [SweepChoice(OptimizerKind.Momentum, OptimizerKind.Adam)]
        public OptimizerKind Optimizer { get; init; }

        [SweepChoice("relu", "tanh")]
        public string Activation { get; init; } = "";

        [SweepBooleanChoice(true)]
        public bool BatchNorm { get; init; }

        public string Untouched { get; init; } = "kept";
    }

    [TestMethod]
    public void ATypedAccessorOfTheWrongTypeNamesTheParameterItsValueAndTheRightAccessor()
    {
        // Before: "String 'adam' was not recognized as a valid Boolean." from every trial, naming no parameter.
        SweepParameters p = new SweepSpace().AddChoice("Optimizer", "adam", "sgd").AddBoolean("Norm").AddFloat("Lr", 1e-3, 1, 1e-3).AddInt("Layers", 1, 3).Default;
        Assert.AreEqual("Parameter 'Optimizer' is \"adam\", not a Boolean: read it with GetString.", Assert.ThrowsExactly<InvalidCastException>(() => p.GetBool("Optimizer")).Message);
        Assert.AreEqual("Parameter 'Optimizer' is \"adam\", not an integer: read it with GetString.", Assert.ThrowsExactly<InvalidCastException>(() => p.GetInt("Optimizer")).Message);
        Assert.AreEqual("Parameter 'Optimizer' is \"adam\", not a number: read it with GetString.", Assert.ThrowsExactly<InvalidCastException>(() => p.GetDouble("Optimizer")).Message);
        Assert.AreEqual("Parameter 'Lr' is 0.001, not a Boolean: read it with GetDouble.", Assert.ThrowsExactly<InvalidCastException>(() => p.GetBool("Lr")).Message);
        Assert.AreEqual("Parameter 'Norm' is False, not a number: read it with GetBool.", Assert.ThrowsExactly<InvalidCastException>(() => p.GetDouble("Norm")).Message);
        Assert.AreEqual(2.0, p.GetDouble("Layers"), "an integer reads as a real");
    }

    [TestMethod]
    public void TypedSpaceComesFromAttributesAndAppliesBack()
    {
        SweepSpace space = SweepSpace.FromType(typeof(SweepOptions));
        CollectionAssert.AreEqual(new[] { "LearningRate", "Layers", "BatchSize", "Beta", "Optimizer", "Activation", "BatchNorm" }, space.Parameters.Select(p => p.Name).ToArray());
        Assert.AreEqual(ParameterScale.Log, ((FloatParameter)space["LearningRate"]).Scale);
        Assert.IsInstanceOfType<IntParameter>(space["Layers"]);
        Assert.AreEqual(ParameterScale.PowerOfTwo, ((IntParameter)space["BatchSize"]).Scale);
        Assert.AreEqual(ParameterScale.OneMinusLog, ((FloatParameter)space["Beta"]).Scale);
        Assert.AreEqual(true, space.Default["BatchNorm"]);
        SweepParameters p = space.SampleFromFeatureSpace([1, 1, 1, 1, 0.9, 0.1, 0.2]);
        Assert.AreEqual(0.1, p.GetDouble("LearningRate"), 1e-6, "the typed accessors a pipeline factory reads");
        Assert.AreEqual(1024, p.GetInt("BatchSize"));
        Assert.AreEqual("relu", p.GetString("Activation"));
        Assert.IsFalse(p.GetBool("BatchNorm"));
        Assert.IsTrue(space.Default.GetBool("BatchNorm"));
        var options = SweepSpace.Apply(new SweepOptions(), p);
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
    public void TheDefaultSpaceIsTheKnobsSweepRanges()
    {
        SweepSpace space = FeedForwardSearchSpace.Create();
        FeedForwardSweep[] sweeps = FeedForwardKnobs.All.SelectMany(k => k.Sweep).ToArray();
        CollectionAssert.AreEqual(sweeps.Select(s => s.Name).ToArray(), space.Parameters.Select(p => p.Name).ToArray(), "one parameter per knob sweep parameter, in the knobs' order");
        CollectionAssert.AreEqual(sweeps.Select(s => s.Name).ToArray(), FeedForwardSearchSpace.ParameterNames.ToArray());
        foreach (FeedForwardSweep s in sweeps)
        {
            switch (space[s.Name])
            {
                case FloatParameter f:
                    Assert.AreEqual(FeedForwardSweepKind.Float, s.Kind, s.Name);
                    Assert.AreEqual((s.Minimum, s.Maximum, s.Default, s.Scale.ToString()), (f.Min, f.Max, (double)f.Default, f.Scale.ToString()), s.Name);
                    break;
                case IntParameter i:
                    Assert.AreEqual(FeedForwardSweepKind.Integer, s.Kind, s.Name);
                    Assert.AreEqual((s.Minimum, s.Maximum, s.Default, s.Scale.ToString()), ((double)i.Min, (double)i.Max, (double)(int)i.Default, i.Scale.ToString()), s.Name);
                    break;
                case ChoiceParameter c when s.Kind == FeedForwardSweepKind.Boolean:
                    CollectionAssert.AreEqual(new object[] { false, true }, c.Values.ToArray(), s.Name);
                    break;
                case ChoiceParameter c:
                    Assert.AreEqual(FeedForwardSweepKind.Choice, s.Kind, s.Name);
                    CollectionAssert.AreEqual(s.Choices.ToArray(), c.Values.Cast<string>().ToArray(), s.Name);
                    Assert.AreEqual(s.Choices[(int)s.Default], c.Default, s.Name);
                    break;
            }
        }

        Assert.AreEqual("NumberOfEpochs", FeedForwardSearchSpace.EpochsParameter);
        var epochs = (IntParameter)FeedForwardSearchSpace.Create(minEpochs: 3, maxEpochs: 10)[FeedForwardSearchSpace.EpochsParameter];
        Assert.AreEqual((3, 10, 10), (epochs.Min, epochs.Max, (int)epochs.Default), "a narrower epoch budget clamps the default");
        Assert.ThrowsExactly<ArgumentException>(() => FeedForwardSearchSpace.Create(minEpochs: 5, maxEpochs: 4));
    }

    [TestMethod]
    public void FeedForwardPointAppliesToTrainerOptions()
    {
        SweepSpace space = FeedForwardSearchSpace.Create();
        SweepParameters p = space.Default
            .With("HiddenLayerCount", 3).With("HiddenUnits2", 128)
            .With("Optimizer", "rmsprop").With("LearningRateDecay", "InverseTime")
            .With("BatchNormalization", true).With("Beta1", 0.95).With("Momentum", 0.93);
        var o = FeedForwardSearchSpace.Apply(new FeedForwardBinaryTrainer.Options(), p);
        CollectionAssert.AreEqual(new[] { 64, 128, 64 }, o.HiddenLayers.ToArray());
        Assert.AreEqual(OptimizerKind.RmsProp, o.Optimizer);
        Assert.AreEqual(LearningRateSchedule.InverseTime(0.05), o.LearningRateSchedule);
        Assert.IsTrue(o.BatchNormalization);
        Assert.AreEqual(0.95f, o.AdamBeta1, 1e-6f);
        Assert.AreEqual(0.93f, o.Momentum, 1e-6f);
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
