namespace MLNetDeep.Tests.Knobs;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

[TestClass]
public sealed class FeedForwardKnobsTests
{
    /// <summary>Options properties that are not knobs: the columns come from the data, Progress is code.</summary>
    private static readonly string[] NotKnobs = ["LabelColumnName", "FeatureColumnName", "ExampleWeightColumnName", "Progress", "EqualityContract"];

    [TestMethod]
    public void Every_options_property_is_described_by_exactly_one_knob()
    {
        string[] properties = typeof(FeedForwardRegressionTrainer.Options).GetProperties().Concat(typeof(FeedForwardBinaryTrainer.Options).GetProperties())
            .Select(p => p.Name).Except(NotKnobs).Distinct().Order().ToArray();
        string[] knobs = FeedForwardKnobs.All.Select(k => k.Name).Order().ToArray();
        CollectionAssert.AreEqual(properties, knobs, $"properties: {string.Join(", ", properties)}\nknobs: {string.Join(", ", knobs)}");
        Assert.AreEqual(knobs.Length, FeedForwardKnobs.All.Select(k => k.Flag).Distinct().Count(), "every flag is distinct");
    }

    [TestMethod]
    public void A_knob_is_unused_when_set_and_made_irrelevant_by_another()
    {
        static string? Unused(FeedForwardTrainerOptions o, string knob) => FeedForwardKnobs.Find(knob)!.Unused(o, k => k.Flag);
        var adam = new FeedForwardMulticlassTrainer.Options { Optimizer = OptimizerKind.Adam };
        Assert.AreEqual("it applies to --optimizer momentum, not adam", Unused(adam with { Momentum = 0.95f }, "Momentum"));
        Assert.IsNull(Unused(adam with { Momentum = 0.9f }, "Momentum"), "the default value is not set");
        Assert.IsNull(Unused(adam with { Momentum = 0.95f, Optimizer = OptimizerKind.Momentum }, "Momentum"));
        Assert.AreEqual("it applies to --optimizer rmsprop, adam or adamw, not gd", Unused(adam with { Optimizer = OptimizerKind.GradientDescent, Epsilon = 1e-6f }, "Epsilon"));
        Assert.AreEqual("it applies to --activation leaky-relu, not tanh", Unused(adam with { Activation = Activation.Tanh, LeakyReluSlope = 0.2f }, "LeakyReluSlope"));
        Assert.AreEqual("it applies to hidden layers and there are no hidden layers (--hidden none)",
            Unused(adam with { HiddenLayers = [], Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f }, "LeakyReluSlope"), "irrelevant through the activation, itself irrelevant");
        Assert.AreEqual("it applies with --checkpoint-dir", Unused(adam with { CheckpointInterval = 2 }, "CheckpointInterval"));
        Assert.IsNull(Unused(new FeedForwardRegressionTrainer.Options { HiddenLayers = [], DropoutRate = 0f }, "DropoutRate"), "regression's default dropout is 0");
        Assert.IsNull(Unused(adam with { HiddenLayers = [] }, "DropoutRate"), "the classifiers' default dropout 0.2 is not set");
        Assert.AreEqual("it applies to hidden layers and there are no hidden layers (HiddenLayers none)",
            FeedForwardKnobs.Find("DropoutRate")!.Unused(adam with { HiddenLayers = [], DropoutRate = 0.3f }, k => k.Name), "named as in code");
    }

    [TestMethod]
    public void Every_knob_reads_back_what_it_writes_and_changes_only_its_property()
    {
        // A non-default value per knob, in the command line's syntax, on the regression options or, for the classifiers'
        // knobs, the binary ones.
        var values = new Dictionary<string, string>
        {
            ["HiddenLayers"] = "7,5,3", ["Activation"] = "tanh", ["LeakyReluSlope"] = "0.2", ["Initializer"] = "glorot-normal",
            ["DropoutRate"] = "0.35", ["BatchNormalization"] = "false", ["Optimizer"] = "rmsprop", ["LearningRate"] = "0.05",
            ["Momentum"] = "0.8", ["Nesterov"] = "true", ["RmsPropDecay"] = "0.95", ["AdamBeta1"] = "0.85", ["AdamBeta2"] = "0.99",
            ["Epsilon"] = "1E-06", ["WeightDecay"] = "0.02", ["L2Regularization"] = "0.7", ["LearningRateSchedule"] = "exponential:0.9",
            ["BatchSize"] = "64", ["NumberOfEpochs"] = "7", ["Shuffle"] = "false", ["EarlyStoppingPatience"] = "4",
            ["EarlyStoppingMinDelta"] = "0.01", ["RestoreBestWeights"] = "false", ["ValidationFraction"] = "0.25", ["GradientClipNorm"] = "5",
            ["Seed"] = "42", ["StandardizeLabel"] = "false", ["Backend"] = "BACKEND", ["NumberOfThreads"] = "1", ["CheckpointFolder"] = "ckpt",
            ["CheckpointInterval"] = "3", ["ResumeFromCheckpoint"] = "true", ["ClassWeights"] = "1,19",
        };
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All.Where(k => k.Name != "Backend"))
        {
            Assert.IsTrue(values.TryGetValue(knob.Name, out string? text), $"the test has a value for {knob.Name}");
            FeedForwardTrainerOptions defaults = knob.Tasks.Contains(FeedForwardTask.Regression) ? new FeedForwardRegressionTrainer.Options() : new FeedForwardBinaryTrainer.Options();
            FeedForwardTrainerOptions changed = knob.Apply(defaults, text);
            Assert.AreEqual(text, knob.Format(changed), $"{knob.Flag} reads back");
            Assert.AreNotEqual(knob.Format(defaults), knob.Format(changed), $"{knob.Flag}: the test value differs from the default");
            foreach (FeedForwardKnob other in FeedForwardKnobs.All.Where(k => k != knob))
            {
                Assert.AreEqual(other.Format(defaults), other.Format(changed), $"{knob.Flag} left {other.Name} alone");
            }
        }
    }

    [TestMethod]
    public void The_backend_knob_reads_managed_and_names_a_missing_package()
    {
        FeedForwardKnob backend = FeedForwardKnobs.Find("Backend")!;
        Assert.AreEqual("managed", backend.DefaultText(FeedForwardTask.BinaryClassification));
        Assert.AreSame(MLNetDeep.Neural.Training.TrainingBackend.Managed, backend.Apply(new FeedForwardBinaryTrainer.Options(), "managed").Backend);
        // This test project does not reference MLNetDeep.TorchSharp: the error says which package to add.
        var e = Assert.ThrowsExactly<FormatException>(() => backend.Apply(new FeedForwardBinaryTrainer.Options(), "torchsharp:cuda"));
        StringAssert.Contains(e.Message, "MLNetDeep.TorchSharp package");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => backend.Apply(new FeedForwardBinaryTrainer.Options(), "tensorflow")).Message, "known: managed, torchsharp");
    }

    [TestMethod]
    public void A_bad_value_names_the_flag_and_the_value()
    {
        FeedForwardKnob lr = FeedForwardKnobs.Find("LearningRate")!;
        var e = Assert.ThrowsExactly<FormatException>(() => lr.Apply(new FeedForwardBinaryTrainer.Options(), "fast"));
        StringAssert.StartsWith(e.Message, "--lr fast:");
        var optimizer = Assert.ThrowsExactly<FormatException>(() => FeedForwardKnobs.Find("Optimizer")!.Apply(new FeedForwardBinaryTrainer.Options(), "sgd"));
        StringAssert.Contains(optimizer.Message, "gd|momentum|rmsprop|adam|adamw");
        Assert.ThrowsExactly<FormatException>(() => FeedForwardKnobs.Find("StandardizeLabel")!.Apply(new FeedForwardBinaryTrainer.Options(), "true"));
    }

    [TestMethod]
    public void A_bad_value_says_what_the_flag_takes_without_dotnets_parameter_suffix()
    {
        var o = new FeedForwardBinaryTrainer.Options();
        string Error(string knob, string text) => Assert.ThrowsExactly<FormatException>(() => FeedForwardKnobs.Find(knob)!.Apply(o, text)).Message;

        // These said "The input string 'fast' was not in a correct format." or ended in "(Parameter 'x') Actual value was -1."
        Assert.AreEqual("--lr fast: 'fast' is not a number (write it like 0.001 or 1e-3).", Error("LearningRate", "fast"));
        Assert.AreEqual("--epochs 2.5: '2.5' is not a whole number from -2147483648 to 2147483647.", Error("NumberOfEpochs", "2.5"));
        Assert.AreEqual("--batch-size 99999999999: '99999999999' is not a whole number from -2147483648 to 2147483647.", Error("BatchSize", "99999999999"));
        StringAssert.StartsWith(Error("HiddenLayers", ","), "--hidden ,: the width '' is not a whole number; give the widths separated by commas");
        StringAssert.StartsWith(Error("HiddenLayers", "64,x"), "--hidden 64,x: the width 'x' is not a whole number");
        string init = Error("Initializer", "random-normal(-1)");
        Assert.AreEqual("--init random-normal(-1): RandomNormal standard deviation must be positive and finite.", init);
    }

    [TestMethod]
    public void The_recorded_options_say_which_initializer_and_weight_decay_were_used()
    {
        // A model's options (FeedForwardModelInfo.Options, 'mlnetdeep info') said "" for both when they were left unset.
        SortedDictionary<string, string> relu = FeedForwardKnobs.Describe(new FeedForwardBinaryTrainer.Options());
        Assert.AreEqual("he-normal", relu["Initializer"]);
        Assert.AreEqual("0", relu["WeightDecay"]);
        SortedDictionary<string, string> tanh = FeedForwardKnobs.Describe(new FeedForwardBinaryTrainer.Options { Activation = Activation.Tanh, Optimizer = OptimizerKind.AdamW });
        Assert.AreEqual("glorot-uniform", tanh["Initializer"]);
        Assert.AreEqual("0.01", tanh["WeightDecay"]);
        SortedDictionary<string, string> given = FeedForwardKnobs.Describe(new FeedForwardBinaryTrainer.Options { Initializer = Initializer.Zeros, WeightDecay = 0.5f, Optimizer = OptimizerKind.AdamW });
        Assert.AreEqual("zeros", given["Initializer"]);
        Assert.AreEqual("0.5", given["WeightDecay"]);
    }

    [TestMethod]
    public void Defaults_differ_by_task_where_the_options_do()
    {
        FeedForwardKnob dropout = FeedForwardKnobs.Find("DropoutRate")!;
        Assert.AreEqual("0.2", dropout.DefaultText(FeedForwardTask.BinaryClassification));
        Assert.AreEqual("0", dropout.DefaultText(FeedForwardTask.Regression));
        Assert.AreEqual("256,128", FeedForwardKnobs.Find("HiddenLayers")!.DefaultText(FeedForwardTask.MulticlassClassification));
        Assert.AreEqual("cosine:0:0", FeedForwardKnobs.Find("LearningRateSchedule")!.DefaultText(FeedForwardTask.MulticlassClassification));
    }

    [TestMethod]
    public void A_trials_parameters_set_the_swept_knobs()
    {
        var values = new Dictionary<string, object>
        {
            ["HiddenLayerCount"] = 3, ["HiddenUnits1"] = 32, ["HiddenUnits2"] = 16, ["HiddenUnits3"] = 128, ["LearningRate"] = 0.02,
            ["DropoutRate"] = 0.1, ["BatchNormalization"] = false, ["Optimizer"] = "momentum", ["Momentum"] = 0.93, ["Beta1"] = 0.95, ["Beta2"] = 0.995,
            ["L2Regularization"] = 1e-3, ["LearningRateDecay"] = "Exponential", ["DecayRate"] = 0.1, ["BatchSize"] = 256, ["NumberOfEpochs"] = 12,
        };
        string[] swept = FeedForwardKnobs.All.SelectMany(k => k.Sweep).Select(s => s.Name).Order().ToArray();
        CollectionAssert.AreEqual(values.Keys.Order().ToArray(), swept, "the test covers every swept parameter");
        FeedForwardBinaryTrainer.Options o = FeedForwardKnobs.ApplySweep(new FeedForwardBinaryTrainer.Options(), values);
        CollectionAssert.AreEqual(new[] { 32, 16, 128 }, o.HiddenLayers.ToArray());
        Assert.AreEqual(0.02f, o.LearningRate);
        Assert.AreEqual(0.1f, o.DropoutRate);
        Assert.IsFalse(o.BatchNormalization);
        Assert.AreEqual(MLNetDeep.Neural.Optimizers.OptimizerKind.Momentum, o.Optimizer);
        Assert.AreEqual(0.95f, o.AdamBeta1);
        Assert.AreEqual(0.93f, o.Momentum, "momentum's beta is its own parameter, no longer Beta1");
        Assert.AreEqual(0.995f, o.AdamBeta2);
        Assert.AreEqual(1e-3f, o.L2Regularization);
        Assert.AreEqual("exponential:0.9", o.LearningRateSchedule.Name);
        Assert.AreEqual(256, o.BatchSize);
        Assert.AreEqual(12, o.NumberOfEpochs);
        o.Validate();
        Assert.AreSame(o, FeedForwardKnobs.ApplySweep(o, new Dictionary<string, object>()), "no parameters, no change");
    }
}
