namespace MLNetDeep.AutoML.Tests.SearchSpaces;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.AutoML.Tests.Tuners;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>Conditional parameters: a trial holds only the parameters its other choices make active.</summary>
[TestClass]
public sealed class ConditionalSpaceTests
{
    /// <summary>beta under adam, mom under momentum, w2 with 2 or 3 layers, sched under adam and gamma under sched exp (a chain).</summary>
    private static SweepSpace Space() => new SweepSpace()
        .AddChoice("opt", "sgd", "momentum", "adam")
        .AddFloat("lr", 1e-4, 1, scale: ParameterScale.Log)
        .AddFloat("beta", 0.8, 0.999, 0.9, ParameterScale.OneMinusLog)
        .AddFloat("mom", 0.5, 0.99)
        .AddInt("layers", 1, 3)
        .AddInt("w2", 8, 256, scale: ParameterScale.PowerOfTwo)
        .AddChoice("sched", "none", "exp")
        .AddFloat("gamma", 0.5, 0.99)
        .AddInt("epochs", 1, 9, 9)
        .When("beta", "opt", "adam").When("mom", "opt", "momentum").When("w2", "layers", 2, 3)
        .When("sched", "opt", "adam").When("gamma", "sched", "exp");

    private static readonly string[] Conditional = ["beta", "mom", "w2", "sched", "gamma"];

    /// <summary>What the conditions make active, written out by hand.</summary>
    private static string[] Expected(SweepParameters p)
    {
        string opt = p.GetString("opt");
        var names = new List<string> { "opt", "lr", "layers", "epochs" };
        names.AddRange(opt switch { "adam" => ["beta", "sched"], "momentum" => ["mom"], _ => [] });
        names.AddRange(p.GetInt("layers") >= 2 ? ["w2"] : []);
        names.AddRange(opt == "adam" && p.GetString("sched") == "exp" ? ["gamma"] : []);
        return [.. names.Order()];
    }

    /// <summary>Lowest under adam with beta 0.95, sched exp, gamma 0.9, lr 1e-2, two or three layers of 64.</summary>
    private static double Loss(SweepParameters p)
    {
        double a = Math.Log10(p.GetDouble("lr")) + 2;
        double opt = p.GetString("opt") switch
        {
            "adam" => (Math.Log10(1 - p.GetDouble("beta")) - Math.Log10(0.05)) is double b ? b * b + (p.GetString("sched") == "exp" ? 4 * Math.Pow(p.GetDouble("gamma") - 0.9, 2) : 0.3) : 0,
            "momentum" => 0.5 + Math.Pow(p.GetDouble("mom") - 0.9, 2),
            _ => 1,
        };
        double width = p.GetInt("layers") >= 2 ? 0.1 * Math.Pow(Math.Log2(p.GetInt("w2")) - 6, 2) : 0.5;
        return a * a + opt + width;
    }

    [TestMethod]
    public void NoTunerProposesAnInactiveParameter()
    {
        SweepSpace space = Space();
        Func<ISweepTuner>[] tuners =
        [
            () => new RandomSearchTuner(space, 1),
            () => new GridSearchTuner(space, step: 3),
            () => new CoarseToFineTuner(space, 1, trialsPerRound: 8),
            () => new HyperbandTuner(space, 1, epochParameter: "epochs"),
            () => new TpeTuner(space, 1, startupTrials: 5),
        ];
        foreach (var make in tuners)
        {
            ISweepTuner tuner = make();
            string who = tuner.GetType().Name;
            var trials = Objective.Run(tuner, tuner is GridSearchTuner grid ? (int)grid.GridSize : 60, Loss).Select(r => r.TrialSettings.Parameters).ToList();
            foreach (SweepParameters p in trials)
            {
                CollectionAssert.AreEqual(Expected(p), p.Keys.Order().ToArray(), $"{who}: {p}");
            }

            foreach (string c in Conditional)
            {
                Assert.IsTrue(trials.Any(p => p.ContainsKey(c)) && trials.Any(p => !p.ContainsKey(c)), $"{who}: {c} is active in some trials and not in others");
            }
        }
    }

    [TestMethod]
    public void GridEnumeratesOnlyActiveCombinations()
    {
        var grid = new GridSearchTuner(Space(), step: 3);

        // lr and epochs (3 x 3) always; opt: sgd 1, momentum 3 (mom), adam 3 (beta) x (none 1 + exp 3 (gamma)); layers: 1 + 3 + 3 (w2).
        Assert.AreEqual(9 * (1 + 3 + (3 * 4)) * 7, grid.GridSize, "against 3^8 * 2 = 13122 when inactive values are enumerated");
        string[] points = Enumerable.Range(0, (int)grid.GridSize).Select(t => grid.Propose(new SweepTrialSettings { TrialId = t }).Parameters.ToJson()).ToArray();
        Assert.AreEqual(points.Length, points.Distinct().Count(), "no two grid points make the same trial");
        Assert.AreEqual(points[0], grid.Propose(new SweepTrialSettings { TrialId = (int)grid.GridSize }).Parameters.ToJson(), "then it wraps");
    }

    [TestMethod]
    public void TpeWithConditionalParametersStillConverges()
    {
        SweepSpace space = Space();
        double tpe = 0, random = 0;
        int wins = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            double t = Objective.Run(new TpeTuner(space, seed), 80, Loss).Min(r => r.Loss);
            double r = Objective.Run(new RandomSearchTuner(space, seed), 80, Loss).Min(r => r.Loss);
            tpe += t / 8;
            random += r / 8;
            wins += t < r ? 1 : 0;
        }

        // Measured: mean best loss TPE 0.297, random 0.456 over seeds 0..7 at 80 trials; TPE wins 5 of 8.
        Assert.IsTrue(tpe < 0.75 * random && wins >= 5, $"mean best loss: TPE {tpe:F4}, random {random:F4}; TPE won {wins} of 8 seeds");
    }

    [TestMethod]
    public void TpeFitsAConditionalParameterOnTheTrialsThatHaveIt()
    {
        // Every good trial is adam with beta near 0.95; the bad ones are sgd (no beta). TPE must still propose adam with a
        // beta near 0.95: the absent betas of the sgd trials are not counted as the default 0.9.
        SweepSpace space = new SweepSpace().AddChoice("opt", "sgd", "adam").AddFloat("beta", 0.8, 0.999, 0.9, ParameterScale.OneMinusLog).When("beta", "opt", "adam");
        var tpe = new TpeTuner(space, 3, startupTrials: 10);
        var results = Objective.Run(tpe, 60, p => p.GetString("opt") == "sgd" ? 1 : Math.Abs(Math.Log10(1 - p.GetDouble("beta")) - Math.Log10(0.05)));
        var late = results.Skip(40).Select(r => r.TrialSettings.Parameters).ToList();
        // Measured: trials 40..59 are all adam, median beta 0.952.
        Assert.IsTrue(late.Count(p => p.GetString("opt") == "adam") >= 16, string.Join("\n", late));
        double median = late.Where(p => p.ContainsKey("beta")).Select(p => p.GetDouble("beta")).Order().ElementAt(late.Count(p => p.ContainsKey("beta")) / 2);
        Assert.AreEqual(0.95, median, 0.02, string.Join("\n", late));
    }

    [TestMethod]
    public void ImportanceIsComputedOverTheTrialsThatHaveTheParameter()
    {
        // adam is better than sgd; beta (adam only) does nothing. Counting the sgd trials as beta's default would make beta
        // explain the optimizer's effect.
        SweepSpace space = new SweepSpace().AddChoice("opt", "sgd", "adam").AddFloat("beta", 0.8, 0.999, 0.9, ParameterScale.OneMinusLog).When("beta", "opt", "adam");
        var tuner = new RandomSearchTuner(space, 4);
        var noise = new Rng(8);
        var trials = new List<TrialRecord>();
        for (int t = 0; t < 80; t++)
        {
            SweepParameters p = tuner.Propose(new SweepTrialSettings { TrialId = t }).Parameters;
            double loss = (p.GetString("opt") == "sgd" ? 1 : 0) + (0.1 * noise.NextDouble());
            trials.Add(new TrialRecord { Study = "s", TrialId = t, ParametersJson = p.ToJson(), Status = TrialStatus.Completed, Loss = loss });
        }

        var summary = StudySummary.Create(space, trials);
        Assert.AreEqual("opt", summary.Importance[0].Name);
        Assert.IsTrue(summary.Importance.Single(i => i.Name == "beta").Importance < 0.05, string.Join(", ", summary.Importance));
    }

    [TestMethod]
    public void JsonKeepsTheConditionsAndTheFingerprintChangesWithThem()
    {
        SweepSpace space = Space();
        SweepSpace back = SweepSpace.FromJson(space.ToJson());
        Assert.AreEqual(space.ToJson(), back.ToJson());
        Assert.AreEqual(space.Fingerprint, back.Fingerprint);
        Assert.AreEqual(new SweepCondition("layers", [2, 3]).Parent, back.ConditionOf("w2")!.Parent);
        CollectionAssert.AreEqual(new object[] { 2, 3 }, back.ConditionOf("w2")!.Values.ToArray());
        StringAssert.Contains(space.ToJson(), "\"name\":\"gamma\",\"type\":\"float\",\"min\":0.5,\"max\":0.99,\"init\":0.745,\"scale\":\"Linear\",\"when\":{\"sched\":[\"exp\"]}");

        SweepSpace ranged = SweepSpace.FromJson("""
            {"parameters": [
              {"name": "units3", "type": "int", "min": 16, "max": 64, "init": 32, "scale": "PowerOfTwo", "when": {"layers": {"min": 3}}},
              {"name": "layers", "type": "int", "min": 1, "max": 4, "init": 2, "scale": "Linear"},
              {"name": "units", "type": "int", "min": 16, "max": 64, "init": 32, "scale": "PowerOfTwo", "when": {"layers": {"max": 2}}}
            ]}
            """);
        CollectionAssert.AreEqual(new object[] { 3, 4 }, ranged.ConditionOf("units3")!.Values.ToArray(), "a parent may come after its child; a range keeps the parent's bound it leaves out");
        CollectionAssert.AreEqual(new object[] { 1, 2 }, ranged.ConditionOf("units")!.Values.ToArray());
        Assert.AreNotEqual(SweepSpace.FromJson(ranged.ToJson().Replace(",\"when\":{\"layers\":[1,2]}", "", StringComparison.Ordinal)).Fingerprint, ranged.Fingerprint, "the condition is part of the fingerprint");
    }

    [TestMethod]
    public void AnUnconditionalSpaceKeepsItsJsonAndFingerprint()
    {
        // As written before conditions existed: a study of such a space resumes.
        SweepSpace space = new SweepSpace().AddFloat("lr", 1e-3, 1e-1, 1e-2, ParameterScale.Log).AddChoice("opt", "sgd", "adam");
        Assert.AreEqual("""{"parameters":[{"name":"lr","type":"float","min":0.001,"max":0.1,"init":0.01,"scale":"Log"},{"name":"opt","type":"choice","values":["sgd","adam"],"default":0}]}""", space.ToJson());
        Assert.AreEqual("0471860b75f75516621b00198246e0cc", space.Fingerprint);
    }

    [TestMethod]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"optimizer": ["adam"]}}""", "Parameter 'b': its condition names 'optimizer', which the search space does not have")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"opt": ["lbfgs"]}}""", "Parameter 'b': its condition gives 'opt' the value lbfgs, which 'opt' cannot take (one of sgd, adam)")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"n": [5]}}""", "Parameter 'b': its condition gives 'n' the value 5, which 'n' cannot take (an integer from 1 to 3)")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"lr": [0.1]}}""", "Parameter 'b': its condition names 'lr', a real parameter")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"opt": {"min": 1}}}""", "parameter 'b': a range in \"when\" needs an integer parent")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": {"n": {"min": 3, "max": 2}}}""", "Parameter 'b': its condition on 'n' lists no values")]
    [DataRow("""{"name": "b", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear", "when": ["opt"]}""", "parameter 'b': \"when\" must be an object with one parent")]
    [DataRow("""{"name": "b", "type": "choice", "values": ["x", "y"], "when": {"c": ["x"]}}, {"name": "c", "type": "choice", "values": ["x", "y"], "when": {"b": ["y"]}}""", "the conditions form a cycle: c -> b -> c")]
    public void JsonConditionsTheSpaceCannotHaveAreRefusedNamingTheParameter(string parameter, string message)
    {
        string json = $$"""
            {"parameters": [
              {"name": "opt", "type": "choice", "values": ["sgd", "adam"]},
              {"name": "lr", "type": "float", "min": 0.001, "max": 0.1, "init": 0.01, "scale": "Log"},
              {"name": "n", "type": "int", "min": 1, "max": 3, "init": 1, "scale": "Linear"},
              {{parameter}}
            ]}
            """;
        var e = Assert.ThrowsExactly<FormatException>(() => SweepSpace.FromJson(json));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void TheDefaultSpaceTakesItsConditionsFromTheKnobs()
    {
        SweepSpace space = FeedForwardSearchSpace.Create();
        string Condition(string name) => space.ConditionOf(name) is SweepCondition c ? $"{c.Parent} in {string.Join(",", c.Values)}" : "always";
        Assert.AreEqual("always", Condition("HiddenUnits1"));
        Assert.AreEqual("HiddenLayerCount in 2,3", Condition("HiddenUnits2"));
        Assert.AreEqual("HiddenLayerCount in 3", Condition("HiddenUnits3"));
        Assert.AreEqual("LearningRateDecay in InverseTime,Exponential", Condition("DecayRate"));
        Assert.AreEqual("Optimizer in adam", Condition("Beta1"));
        Assert.AreEqual("Optimizer in adam", Condition("Beta2"));
        Assert.AreEqual("Optimizer in momentum", Condition("Momentum"));
        Assert.AreEqual("always", Condition("DropoutRate"), "the sweep always has hidden layers");
        Assert.AreEqual("always", Condition("LearningRate"));
    }

    [TestMethod]
    public void NoTrialOfTheDefaultSpaceSetsAKnobItsOtherChoicesMakeUnused()
    {
        // Before, Beta1 and Beta2 were applied under momentum and rmsprop, HiddenUnits3 with one layer, DecayRate with no
        // decay, and the trainer warned of the values that did nothing (FeedForwardKnob.Unused).
        SweepSpace space = FeedForwardSearchSpace.Create();
        var rng = new Rng(11);
        for (int t = 0; t < 200; t++)
        {
            SweepParameters p = space.SampleFromFeatureSpace(Enumerable.Range(0, space.Count).Select(_ => rng.NextDouble()).ToArray());
            var o = FeedForwardSearchSpace.Apply(new FeedForwardBinaryTrainer.Options(), p);
            string[] unused = [.. FeedForwardKnobs.All.Select(k => k.Unused(o, k => k.Name) is string why ? $"{k.Name}: {why}" : null).OfType<string>()];
            Assert.IsEmpty(unused, $"{p}: {string.Join("; ", unused)}");
            Assert.AreEqual(p.GetInt("HiddenLayerCount"), o.HiddenLayers.Count);
            if (o.Optimizer != OptimizerKind.Adam)
            {
                Assert.AreEqual(new FeedForwardBinaryTrainer.Options().AdamBeta1, o.AdamBeta1, "an inactive knob keeps its default");
            }
        }
    }

    [TestMethod]
    public void AStudyOfTheDefaultSpaceMadeBeforeConditionsIsRefusedNamingTheChange()
    {
        // The default space as it was: no conditions, no Momentum parameter (Beta1 was also momentum's beta).
        SweepSpace now = FeedForwardSearchSpace.Create();
        var old = new SweepSpace();
        foreach (SearchParameter p in now.Parameters.Where(p => p.Name != "Momentum"))
        {
            old.Add(p);
        }

        var store = new InMemoryTrialStore();
        store.OpenStudy(new StudyDefinition("default", old.Fingerprint, old.ToJson(), "Accuracy", "maximize"));
        var e = Assert.ThrowsExactly<StudyMismatchException>(() => store.OpenStudy(new StudyDefinition("default", now.Fingerprint, now.ToJson(), "Accuracy", "maximize")));
        StringAssert.Contains(e.Message, $"its search space has fingerprint {old.Fingerprint}, this run's has {now.Fingerprint} (Momentum added; HiddenUnits2, HiddenUnits3, Beta1, Beta2, DecayRate changed)");
        StringAssert.Contains(e.Message, "fork");
    }

    /// <summary>The conditions of <see cref="Space"/> as attributes; a child may come before its parent.</summary>
    private sealed record Knobs
    {
        [SweepChoice("sgd", "momentum", "adam")]
        public string Opt { get; init; } = "sgd";

        [SweepRange(1e-4, 1.0, 1e-2, logBase: true)]
        public double Lr { get; init; } = 1e-2;

        [SweepRange(0.8, 0.999, 0.9, Scale = ParameterScale.OneMinusLog)]
        [SweepWhen(nameof(Opt), "adam")]
        public double Beta { get; init; } = 0.95;

        [SweepRange(0.5, 0.99, 0.745)]
        [SweepWhen(nameof(Opt), "momentum")]
        public double Mom { get; init; } = 0.745;

        [SweepRange(1, 3, 2)]
        public int Layers { get; init; } = 2;

        [SweepRange(8, 256, 32, Scale = ParameterScale.PowerOfTwo)]
        [SweepWhen(nameof(Layers), Min = 2)]
        public int W2 { get; init; } = 32;

        [SweepBooleanChoice]
        [SweepWhen(nameof(Opt), "adam")]
        public bool Sched { get; init; }

        [SweepRange(0.5, 0.99, 0.745)]
        [SweepWhen(nameof(Sched), true)]
        public double Gamma { get; init; } = 0.745;

        [SweepRange(1, 9, 9)]
        [SweepWhen(nameof(Layers), Max = 2)]
        public int Epochs { get; init; } = 9;
    }

    [TestMethod]
    public void AttributesDeclareTheConditionsWhenDoes()
    {
        SweepSpace typed = SweepSpace.FromType<Knobs>();
        SweepSpace coded = new SweepSpace()
            .AddChoice("Opt", "sgd", "momentum", "adam").AddFloat("Lr", 1e-4, 1, 1e-2, ParameterScale.Log).AddFloat("Beta", 0.8, 0.999, 0.9, ParameterScale.OneMinusLog)
            .AddFloat("Mom", 0.5, 0.99, 0.745).AddInt("Layers", 1, 3, 2).AddInt("W2", 8, 256, 32, ParameterScale.PowerOfTwo).AddBoolean("Sched").AddFloat("Gamma", 0.5, 0.99, 0.745)
            .AddInt("Epochs", 1, 9, 9)
            .When("Beta", "Opt", "adam").When("Mom", "Opt", "momentum").When("W2", "Layers", 2, 3).When("Sched", "Opt", "adam").When("Gamma", "Sched", true).When("Epochs", "Layers", 1, 2);
        Assert.AreEqual(coded.ToJson(), typed.ToJson());
        Assert.AreEqual(coded.Fingerprint, typed.Fingerprint);

        // Opt sgd, 1 layer: Beta, Mom, W2, Sched and Gamma are inactive, so Apply leaves them as new Knobs() has them
        // (Beta's initializer 0.95, not the attribute's init 0.9).
        SweepParameters p = typed.SampleFromFeatureSpace([0, 0.5, 0.99, 0.99, 0, 0.99, 0.99, 0.99, 0.5]);
        CollectionAssert.AreEqual(new[] { "Opt", "Lr", "Layers", "Epochs" }, p.Keys.ToArray());
        Knobs knobs = SweepSpace.Apply(new Knobs(), p);
        Assert.AreEqual(new Knobs() with { Lr = p.GetDouble("Lr"), Layers = 1, Epochs = p.GetInt("Epochs") }, knobs);
        Assert.AreEqual(0.95, knobs.Beta);
    }

    private sealed record UnknownParent
    {
        [SweepChoice("sgd", "adam")]
        public string Opt { get; init; } = "sgd";

        [SweepRange(0.8, 0.99, 0.9)]
        [SweepWhen("Optimizer", "adam")]
        public double Beta { get; init; }
    }

    private sealed record UnknownValue
    {
        [SweepChoice("sgd", "adam")]
        public string Opt { get; init; } = "sgd";

        [SweepRange(0.8, 0.99, 0.9)]
        [SweepWhen(nameof(Opt), "lbfgs")]
        public double Beta { get; init; }
    }

    private sealed record RealParent
    {
        [SweepRange(0.001, 0.1, 0.01)]
        public double Lr { get; init; }

        [SweepRange(0.8, 0.99, 0.9)]
        [SweepWhen(nameof(Lr), 0.1)]
        public double Beta { get; init; }
    }

    private sealed record RangeOnAChoice
    {
        [SweepChoice("sgd", "adam")]
        public string Opt { get; init; } = "sgd";

        [SweepRange(0.8, 0.99, 0.9)]
        [SweepWhen(nameof(Opt), Min = 1)]
        public double Beta { get; init; }
    }

    private sealed record EmptyRange
    {
        [SweepRange(1, 3, 1)]
        public int Layers { get; init; }

        [SweepRange(8, 64, 8)]
        [SweepWhen(nameof(Layers), Min = 4)]
        public int Width { get; init; }
    }

    private sealed record ValuesAndRange
    {
        [SweepRange(1, 3, 1)]
        public int Layers { get; init; }

        [SweepRange(8, 64, 8)]
        [SweepWhen(nameof(Layers), 2, Min = 2)]
        public int Width { get; init; }
    }

    private sealed record NotSwept
    {
        [SweepRange(1, 3, 1)]
        public int Layers { get; init; }

        [SweepWhen(nameof(Layers), 2)]
        public int Width { get; init; }
    }

    private sealed record Cycle
    {
        [SweepChoice("x", "y")]
        [SweepWhen(nameof(C), "x")]
        public string B { get; init; } = "x";

        [SweepChoice("x", "y")]
        [SweepWhen(nameof(B), "y")]
        public string C { get; init; } = "x";
    }

    [TestMethod]
    [DataRow(typeof(UnknownParent), "UnknownParent: Parameter 'Beta': its condition names 'Optimizer', which the search space does not have. It has: Opt, Beta.")]
    [DataRow(typeof(UnknownValue), "UnknownValue: Parameter 'Beta': its condition gives 'Opt' the value lbfgs, which 'Opt' cannot take (one of sgd, adam).")]
    [DataRow(typeof(RealParent), "RealParent: Parameter 'Beta': its condition names 'Lr', a real parameter; a condition needs a choice or integer parameter.")]
    [DataRow(typeof(RangeOnAChoice), "RangeOnAChoice.Beta: [SweepWhen]: a range (Min, Max) needs an integer parent; 'Opt' is not an integer parameter of the space.")]
    [DataRow(typeof(EmptyRange), "EmptyRange: Parameter 'Width': its condition on 'Layers' lists no values.")]
    [DataRow(typeof(ValuesAndRange), "ValuesAndRange.Width: [SweepWhen] gives values and a range (Min, Max); give one of them.")]
    [DataRow(typeof(NotSwept), "NotSwept: Parameter 'Width' is not in the search space, so it cannot have a condition. It has: Layers.")]
    [DataRow(typeof(Cycle), "Cycle: Parameter 'C': the conditions form a cycle: C -> B -> C.")]
    public void AttributeConditionsTheSpaceCannotHaveAreRefusedAsWhenRefusesThem(Type type, string message)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => SweepSpace.FromType(type));
        Assert.AreEqual(message, e.Message);
    }

    [TestMethod]
    public void TheKnobsConditionsHoldForTheValuesACustomSpaceGivesTheParent()
    {
        // Before, a custom space got only the conditions it wrote: Beta1 was sampled in momentum trials, where it does nothing.
        SweepSpace space = SweepSpace.FromJson("""
            {"parameters": [
              {"name": "Optimizer", "type": "choice", "values": ["momentum", "adam", "adamw"]},
              {"name": "Beta1", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog"},
              {"name": "Beta2", "type": "float", "min": 0.99, "max": 0.999, "init": 0.995, "scale": "OneMinusLog", "when": {"Optimizer": ["adamw"]}},
              {"name": "Momentum", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog"},
              {"name": "HiddenLayerCount", "type": "int", "min": 0, "max": 4, "init": 1, "scale": "Linear"},
              {"name": "HiddenUnits1", "type": "int", "min": 8, "max": 64, "init": 8, "scale": "PowerOfTwo"},
              {"name": "HiddenUnits3", "type": "int", "min": 8, "max": 64, "init": 8, "scale": "PowerOfTwo"},
              {"name": "DropoutRate", "type": "float", "min": 0, "max": 0.5, "init": 0, "scale": "Linear"},
              {"name": "LearningRateDecay", "type": "choice", "values": ["Exponential", "None"]},
              {"name": "DecayRate", "type": "float", "min": 0.01, "max": 0.1, "init": 0.05, "scale": "Log"},
              {"name": "L2Regularization", "type": "float", "min": 0.0001, "max": 0.1, "init": 0.001, "scale": "Log"}
            ]}
            """);
        IReadOnlyList<string> added = FeedForwardSearchSpace.AddKnobConditions(space);

        string Condition(string name) => space.ConditionOf(name) is SweepCondition c ? $"{c.Parent} in {string.Join(",", c.Values)}" : "always";
        CollectionAssert.AreEqual(new[] { "HiddenUnits1", "HiddenUnits3", "DropoutRate", "Momentum", "Beta1", "DecayRate" }, added.ToArray(), "in the knobs' order");
        Assert.AreEqual("Optimizer in adam,adamw", Condition("Beta1"), "adamw uses Adam's betas though the default space has no adamw");
        Assert.AreEqual("Optimizer in adamw", Condition("Beta2"), "the space's own condition wins");
        Assert.AreEqual("Optimizer in momentum", Condition("Momentum"));
        Assert.AreEqual("HiddenLayerCount in 1,2,3,4", Condition("HiddenUnits1"));
        Assert.AreEqual("HiddenLayerCount in 3,4", Condition("HiddenUnits3"), "a fourth layer has a third");
        Assert.AreEqual("HiddenLayerCount in 1,2,3,4", Condition("DropoutRate"), "no dropout without hidden layers");
        Assert.AreEqual("LearningRateDecay in Exponential", Condition("DecayRate"));
        Assert.AreEqual("always", Condition("L2Regularization"));
        Assert.IsEmpty(FeedForwardSearchSpace.AddKnobConditions(space), "a second call adds nothing");

        SweepSpace alone = new SweepSpace().AddFloat("Beta1", 0.8, 0.99, 0.9).AddInt("HiddenLayerCount", 1, 3).AddInt("HiddenUnits2", 8, 64, 8, ParameterScale.PowerOfTwo);
        CollectionAssert.AreEqual(new[] { "HiddenUnits2" }, FeedForwardSearchSpace.AddKnobConditions(alone).ToArray(), "no condition on a parent the space does not have");
        Assert.IsNull(alone.ConditionOf("Beta1"));
    }

    [TestMethod]
    public void AParameterNoValueOfItsParentUsesIsRefusedNamingBoth()
    {
        SweepSpace space = new SweepSpace().AddChoice("Optimizer", "momentum", "rmsprop").AddFloat("Beta1", 0.8, 0.99, 0.9);
        var e = Assert.ThrowsExactly<ArgumentException>(() => FeedForwardSearchSpace.AddKnobConditions(space));
        Assert.AreEqual("Parameter 'Beta1' does nothing under any value 'Optimizer' takes in the search space (momentum, rmsprop), so no trial would use it; "
            + "remove it, give 'Optimizer' a value under which it is used, or give 'Beta1' a condition of its own.", e.Message);
    }

    [TestMethod]
    public void TheDefaultSpaceKeepsItsFingerprintSoItsStudiesResume()
    {
        // Its conditions now come from the knobs' tests over the space's own values (AddKnobConditions), as a custom
        // space's do; the default space must not change for that.
        Assert.AreEqual("eb817c572056a0d3fa29214bbf513dc8", FeedForwardSearchSpace.Create().Fingerprint);
    }
}
