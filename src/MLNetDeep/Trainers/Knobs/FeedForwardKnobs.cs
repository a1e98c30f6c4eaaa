namespace MLNetDeep.Trainers.Knobs;

using System.Globalization;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;

/// <summary>
/// Every knob of the feed-forward trainers (<see cref="FeedForwardTrainerOptions"/>, the classifiers'
/// <c>ClassWeights</c> and the regression trainer's <c>StandardizeLabel</c>), in the order the command line's help lists
/// them. The column names are not knobs (they come from the data), nor is <c>Progress</c> (code only).
/// </summary>
public static class FeedForwardKnobs
{
    private static readonly (string Name, Activation Value)[] Activations =
        [("relu", Activation.Relu), ("leaky-relu", Activation.LeakyRelu), ("tanh", Activation.Tanh), ("sigmoid", Activation.Sigmoid), ("identity", Activation.Identity)];

    private static readonly (string Name, OptimizerKind Value)[] Optimizers =
        [("gd", OptimizerKind.GradientDescent), ("momentum", OptimizerKind.Momentum), ("rmsprop", OptimizerKind.RmsProp), ("adam", OptimizerKind.Adam), ("adamw", OptimizerKind.AdamW)];

    /// <summary>The hidden widths a swept layer draws from: powers of two in [16, 512].</summary>
    private const int MinimumSweptUnits = 16;
    private const int MaximumSweptUnits = 512;

    /// <summary>The most hidden layers the default sweep builds.</summary>
    public const int MaximumSweptHiddenLayers = 3;

    // When a knob is used (see FeedForwardKnob.Unused): the knob that decides, why not ({0} its name, {1} its value), the test.
    private static readonly (string, string, Func<FeedForwardTrainerOptions, bool>) WithHiddenLayers =
        ("HiddenLayers", "applies to hidden layers and there are no hidden layers ({0} none)", o => o.HiddenLayers.Count > 0);

    private static readonly (string, string, Func<FeedForwardTrainerOptions, bool>) WithAdam =
        WithOptimizer("adam or adamw", OptimizerKind.Adam, OptimizerKind.AdamW);

    private static readonly (string, string, Func<FeedForwardTrainerOptions, bool>) WithEarlyStopping =
        ("EarlyStoppingPatience", "applies with {0}", o => o.EarlyStoppingPatience is not null);

    /// <summary>All knobs.</summary>
    public static IReadOnlyList<FeedForwardKnob> All { get; } =
    [
        new("HiddenLayers", "--hidden", "W1,W2,...", "IReadOnlyList<int>", "Hidden layer widths, first to last (none for a linear model).",
            o => string.Join(",", o.HiddenLayers.Select(I)), (o, t) => o with { HiddenLayers = IntList(t) },
            [FeedForwardSweep.Integer("HiddenLayerCount", 1, MaximumSweptHiddenLayers, 2),
             .. Enumerable.Range(1, MaximumSweptHiddenLayers).Select(i => FeedForwardSweep.Integer($"HiddenUnits{i}", MinimumSweptUnits, MaximumSweptUnits, 64, FeedForwardSweepScale.PowerOfTwo)
                 with { When = ("HiddenLayerCount", count => (int)count >= i) })],
            SweepHiddenLayers),
        new("Activation", "--activation", Names(Activations), "Activation", "Hidden activation.",
            o => Name(Activations, o.Activation), (o, t) => o with { Activation = Parse(Activations, t) }, usedWhen: WithHiddenLayers),
        new("LeakyReluSlope", "--leaky-slope", "S", "float", "Negative slope of leaky-relu.",
            o => F(o.LeakyReluSlope), (o, t) => o with { LeakyReluSlope = Float(t) },
            usedWhen: ("Activation", "applies to {0} leaky-relu, not {1}", o => o.Activation == Activation.LeakyRelu)),
        new("Initializer", "--init", "NAME", "Initializer?", "Weight initialization: zeros, he, he-uniform, glorot, glorot-normal, lecun, large (random-normal(10)), random-normal(SD); unset: he for relu-family activations, glorot otherwise.",
            o => o.Initializer?.Name ?? "", (o, t) => o with { Initializer = t.Length == 0 ? null : Initializer.Parse(t) }),
        new("DropoutRate", "--dropout", "P", "float", "Probability of dropping a hidden unit in training, in [0, 1) (inverted dropout; keep_prob = 1 - P).",
            o => F(o.DropoutRate), (o, t) => o with { DropoutRate = Float(t) },
            [FeedForwardSweep.Float("DropoutRate", 0, 0.5, 0)], (o, v) => o with { DropoutRate = (float)D(v["DropoutRate"]) }, usedWhen: WithHiddenLayers),
        new("BatchNormalization", "--batch-norm", "true|false", "bool", "Batch normalization after every hidden Dense layer, before the activation.",
            o => B(o.BatchNormalization), (o, t) => o with { BatchNormalization = Bool(t) },
            [FeedForwardSweep.Boolean("BatchNormalization")], (o, v) => o with { BatchNormalization = (bool)v["BatchNormalization"] }, usedWhen: WithHiddenLayers),
        new("Optimizer", "--optimizer", Names(Optimizers), "OptimizerKind", "The optimizer.",
            o => Name(Optimizers, o.Optimizer), (o, t) => o with { Optimizer = Parse(Optimizers, t) },
            [FeedForwardSweep.Choice("Optimizer", 2, "momentum", "rmsprop", "adam")], (o, v) => o with { Optimizer = Parse(Optimizers, (string)v["Optimizer"]) }),
        new("LearningRate", "--lr", "RATE", "float", "Initial learning rate alpha0 (0.001 is the usual rate without batch norm).",
            o => F(o.LearningRate), (o, t) => o with { LearningRate = Float(t) },
            [FeedForwardSweep.Float("LearningRate", 1e-4, 1e-1, 1e-3, FeedForwardSweepScale.Log)], (o, v) => o with { LearningRate = (float)D(v["LearningRate"]) }),
        new("Momentum", "--momentum", "BETA", "float", "Momentum's beta (the course's v = beta*v + (1-beta)*g).",
            o => F(o.Momentum), (o, t) => o with { Momentum = Float(t) },
            [FeedForwardSweep.Float("Momentum", 0.8, 0.99, 0.9, FeedForwardSweepScale.OneMinusLog)], (o, v) => o with { Momentum = (float)D(v["Momentum"]) },
            usedWhen: WithOptimizer("momentum", OptimizerKind.Momentum)),
        new("Nesterov", "--nesterov", "true|false", "bool", "Nesterov momentum.",
            o => B(o.Nesterov), (o, t) => o with { Nesterov = Bool(t) }),
        new("RmsPropDecay", "--rmsprop-decay", "BETA", "float", "RMSprop's squared-gradient decay.",
            o => F(o.RmsPropDecay), (o, t) => o with { RmsPropDecay = Float(t) }, usedWhen: WithOptimizer("rmsprop", OptimizerKind.RmsProp)),
        new("AdamBeta1", "--beta1", "B1", "float", "Adam's beta1.",
            o => F(o.AdamBeta1), (o, t) => o with { AdamBeta1 = Float(t) },
            [FeedForwardSweep.Float("Beta1", 0.8, 0.99, 0.9, FeedForwardSweepScale.OneMinusLog)], (o, v) => o with { AdamBeta1 = (float)D(v["Beta1"]) }, usedWhen: WithAdam),
        new("AdamBeta2", "--beta2", "B2", "float", "Adam's beta2.",
            o => F(o.AdamBeta2), (o, t) => o with { AdamBeta2 = Float(t) },
            [FeedForwardSweep.Float("Beta2", 0.99, 0.9999, 0.999, FeedForwardSweepScale.OneMinusLog)], (o, v) => o with { AdamBeta2 = (float)D(v["Beta2"]) }, usedWhen: WithAdam),
        new("Epsilon", "--epsilon", "EPS", "float", "RMSprop's and Adam's epsilon.",
            o => F(o.Epsilon), (o, t) => o with { Epsilon = Float(t) },
            usedWhen: WithOptimizer("rmsprop, adam or adamw", OptimizerKind.RmsProp, OptimizerKind.Adam, OptimizerKind.AdamW)),
        new("WeightDecay", "--weight-decay", "W", "float?", "Decoupled weight decay (AdamW style, any optimizer); unset: 0.01 for adamw, 0 otherwise.",
            o => o.WeightDecay is float w ? F(w) : "", (o, t) => o with { WeightDecay = t.Length == 0 ? null : Float(t) }),
        new("L2Regularization", "--l2", "LAMBDA", "float", "L2 lambda in the course's form: cost += lambda/(2m) * sum of squared weights.",
            o => F(o.L2Regularization), (o, t) => o with { L2Regularization = Float(t) },
            [FeedForwardSweep.Float("L2Regularization", 1e-6, 1, 1e-4, FeedForwardSweepScale.Log)], (o, v) => o with { L2Regularization = (float)D(v["L2Regularization"]) }),
        new("LearningRateSchedule", "--lr-decay", "SCHEDULE", "LearningRateSchedule", "Learning-rate schedule: constant, inverse-time:RATE[:INTERVAL], exponential:G, step:N[:G], cosine[:WARMUP[:MIN]], plateau[:F[:P]].",
            o => o.LearningRateSchedule.Name, (o, t) => o with { LearningRateSchedule = LearningRateSchedule.Parse(t) },
            [FeedForwardSweep.Choice("LearningRateDecay", 0, "None", "InverseTime", "Exponential"),
             FeedForwardSweep.Float("DecayRate", 1e-3, 0.5, 0.05, FeedForwardSweepScale.Log) with { When = ("LearningRateDecay", decay => decay is not "None") }],
            SweepSchedule),
        new("BatchSize", "--batch-size", "B", "int", "Examples per mini-batch (the last batch of an epoch may be smaller).",
            o => I(o.BatchSize), (o, t) => o with { BatchSize = Int(t) },
            [FeedForwardSweep.Integer("BatchSize", 16, 512, 64, FeedForwardSweepScale.PowerOfTwo)], (o, v) => o with { BatchSize = (int)v["BatchSize"] }),
        new("NumberOfEpochs", "--epochs", "N", "int", "Passes over the training data.",
            o => I(o.NumberOfEpochs), (o, t) => o with { NumberOfEpochs = Int(t) },
            [FeedForwardSweep.Integer("NumberOfEpochs", 5, 40, 20)], (o, v) => o with { NumberOfEpochs = (int)v["NumberOfEpochs"] }),
        new("Shuffle", "--shuffle", "true|false", "bool", "Reshuffle the examples every epoch (from the seed).",
            o => B(o.Shuffle), (o, t) => o with { Shuffle = Bool(t) }),
        new("EarlyStoppingPatience", "--early-stopping", "N", "int?", "Stop after N epochs without improvement of the validation loss (the training loss without validation data); unset: train every epoch.",
            o => o.EarlyStoppingPatience is int p ? I(p) : "", (o, t) => o with { EarlyStoppingPatience = t.Length == 0 ? null : Int(t) }),
        new("EarlyStoppingMinDelta", "--early-stopping-delta", "D", "double", "The smallest improvement that resets early stopping's patience.",
            o => F(o.EarlyStoppingMinDelta), (o, t) => o with { EarlyStoppingMinDelta = Double(t) }, usedWhen: WithEarlyStopping),
        new("RestoreBestWeights", "--restore-best", "true|false", "bool", "With early stopping, end with the best epoch's weights.",
            o => B(o.RestoreBestWeights), (o, t) => o with { RestoreBestWeights = Bool(t) }, usedWhen: WithEarlyStopping),
        new("ValidationFraction", "--validation-fraction", "X", "float", "Fraction of the training rows held out for validation, in [0, 1).",
            o => F(o.ValidationFraction), (o, t) => o with { ValidationFraction = Float(t) }),
        new("GradientClipNorm", "--clip-norm", "C", "float?", "Clip gradients to this global L2 norm; unset: no clipping.",
            o => o.GradientClipNorm is float c ? F(c) : "", (o, t) => o with { GradientClipNorm = t.Length == 0 ? null : Float(t) }),
        new("Seed", "--seed", "S", "int", "Seed for initialization, shuffling, dropout masks and the validation split.",
            o => I(o.Seed), (o, t) => o with { Seed = Int(t) }),
        new("StandardizeLabel", "--standardize-label", "true|false", "bool", "Regression only: train on the standardized label and fold the scale back into the output layer.",
            o => o is FeedForwardRegressionTrainer.Options r ? B(r.StandardizeLabel) : "",
            (o, t) => ((FeedForwardRegressionTrainer.Options)o) with { StandardizeLabel = Bool(t) }, tasks: [FeedForwardTask.Regression]),
        new("ClassWeights", "--class-weight", "balanced|W1,W2,...", "ClassWeights?", "Classifiers only, for imbalanced data: multiply each training row's weight by its class's weight, balanced (n / (classes * rows of the class)) or one weight per class in the label's class order (binary: negative, positive); the validation loss and the metrics stay unweighted.",
            o => (o as FeedForwardClassifierOptions)?.ClassWeights?.ToString() ?? "",
            (o, t) => ((FeedForwardClassifierOptions)o) with { ClassWeights = t.Length == 0 ? null : ClassWeights.Parse(t) },
            tasks: [FeedForwardTask.BinaryClassification, FeedForwardTask.MulticlassClassification]),
        new("Backend", "--backend", "managed|torchsharp[:DEVICE]", "TrainingBackend", "The engine that trains the network: managed (MLNetDeep's own) or torchsharp with a libtorch device cpu, cuda or cuda:N (needs the MLNetDeep.TorchSharp package).",
            o => o.Backend.Specification, (o, t) => o with { Backend = TrainingBackend.Parse(t) }),
        new("NumberOfThreads", "--threads", "T", "int?", "Threads for the matrix products (results do not depend on it); unset: every core.",
            o => o.NumberOfThreads is int n ? I(n) : "", (o, t) => o with { NumberOfThreads = t.Length == 0 ? null : Int(t) }, recorded: false),
        new("CheckpointFolder", "--checkpoint-dir", "DIR", "string?", "Folder for training checkpoints (training.ckpt); unset: none.",
            o => o.CheckpointFolder ?? "", (o, t) => o with { CheckpointFolder = t.Length == 0 ? null : t }, recorded: false),
        new("CheckpointInterval", "--checkpoint-interval", "N", "int", "Epochs between checkpoints.",
            o => I(o.CheckpointInterval), (o, t) => o with { CheckpointInterval = Int(t) }, recorded: false,
            usedWhen: ("CheckpointFolder", "applies with {0}", o => o.CheckpointFolder is not null)),
        new("ResumeFromCheckpoint", "--resume", "true|false", "bool", "Continue from the checkpoint in the checkpoint folder when it holds one of this run.",
            o => B(o.ResumeFromCheckpoint), (o, t) => o with { ResumeFromCheckpoint = Bool(t) }, recorded: false),
    ];

    /// <summary>
    /// The knobs that decide the network's shape and what its output means: <c>HiddenLayers</c>, <c>Activation</c>,
    /// <c>LeakyReluSlope</c>, <c>BatchNormalization</c> and <c>StandardizeLabel</c>. When training continues from a
    /// fitted model (<c>Fit(trainData, initialModel)</c>) the model decides them: a trainer option that differs is refused.
    /// </summary>
    public static IReadOnlyList<FeedForwardKnob> Architecture { get; } =
        [.. new[] { "HiddenLayers", "Activation", "LeakyReluSlope", "BatchNormalization", "StandardizeLabel" }.Select(n => All.First(k => k.Name == n))];

    /// <summary>The knob of an <c>Options</c> property, or null.</summary>
    public static FeedForwardKnob? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>
    /// The knobs' values as text by property name, every knob that decides the model (the training record's options),
    /// the initializer and weight decay as <see cref="Resolved"/> makes them. Knobs of another task
    /// (<see cref="FeedForwardKnob.Tasks"/>) are left out.
    /// </summary>
    public static SortedDictionary<string, string> Describe(FeedForwardTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = Resolved(options);
        return new(All.Where(k => k.AffectsModel && k.AppliesTo(options)).ToDictionary(k => k.Name, k => k.Format(options)), StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="options"/> with the knobs whose unset value stands for a default that depends on other knobs set
    /// to the value the trainer uses: <see cref="FeedForwardTrainerOptions.Initializer"/> (he-normal for ReLU-family
    /// activations, glorot-uniform otherwise) and <see cref="FeedForwardTrainerOptions.WeightDecay"/> (0.01 for AdamW, 0
    /// otherwise). What <see cref="Describe"/> records, so that a model's options say what was really used.
    /// </summary>
    public static T Resolved<T>(T options)
        where T : FeedForwardTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Initializer = options.ToArchitecture().EffectiveInitializer,
            WeightDecay = options.ToTrainingOptions(hasValidationSet: false).Optimizer.EffectiveWeightDecay,
        };
    }

    /// <summary>
    /// <paramref name="options"/> with every knob that has a default sweep range set from a trial's parameter values
    /// (see <see cref="FeedForwardKnob.ApplySweep"/>).
    /// </summary>
    public static T ApplySweep<T>(T options, IReadOnlyDictionary<string, object> values)
        where T : FeedForwardTrainerOptions
    {
        T o = options;
        foreach (FeedForwardKnob knob in All)
        {
            o = knob.ApplySweep(o, values);
        }

        return o;
    }

    private static FeedForwardTrainerOptions SweepHiddenLayers(FeedForwardTrainerOptions o, IReadOnlyDictionary<string, object> v)
    {
        int count = v.TryGetValue("HiddenLayerCount", out object? c) ? (int)c : o.HiddenLayers.Count;
        var widths = new int[count];
        for (int i = 0; i < count; i++)
        {
            widths[i] = v.TryGetValue($"HiddenUnits{i + 1}", out object? w) ? (int)w : i < o.HiddenLayers.Count ? o.HiddenLayers[i] : 64;
        }

        return o with { HiddenLayers = widths };
    }

    private static FeedForwardTrainerOptions SweepSchedule(FeedForwardTrainerOptions o, IReadOnlyDictionary<string, object> v)
    {
        if (!v.TryGetValue("LearningRateDecay", out object? kind))
        {
            return o;
        }

        double rate = v.TryGetValue("DecayRate", out object? r) ? D(r) : 0.05;
        return o with
        {
            LearningRateSchedule = (string)kind switch
            {
                "None" => LearningRateSchedule.Constant,
                "InverseTime" => LearningRateSchedule.InverseTime(rate),
                "Exponential" => LearningRateSchedule.Exponential(1 - rate),
                string other => throw new ArgumentException($"LearningRateDecay '{other}' is not None, InverseTime or Exponential."),
            },
        };
    }

    private static (string, string, Func<FeedForwardTrainerOptions, bool>) WithOptimizer(string names, params OptimizerKind[] kinds) =>
        ("Optimizer", $"applies to {{0}} {names}, not {{1}}", o => kinds.Contains(o.Optimizer));

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string B(bool v) => v ? "true" : "false";

    private static double D(object v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);

    private static float Float(string t) => float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float v)
        ? v : throw new FormatException($"'{t}' is not a number (write it like 0.001 or 1e-3).");

    private static double Double(string t) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
        ? v : throw new FormatException($"'{t}' is not a number (write it like 0.001 or 1e-3).");

    private static int Int(string t) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
        ? v : throw new FormatException($"'{t}' is not a whole number from {int.MinValue} to {int.MaxValue}.");

    private static bool Bool(string t) => t.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException("expected true or false."),
    };

    private static int[] IntList(string t) => t.Length == 0 || t.Equals("none", StringComparison.OrdinalIgnoreCase)
        ? []
        : t.Split(',').Select(p => int.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) ? w
            : throw new FormatException($"the width '{p.Trim()}' is not a whole number; give the widths separated by commas (256,128), or none for a linear model.")).ToArray();

    private static string Names<T>((string Name, T Value)[] table) => string.Join("|", table.Select(e => e.Name));

    private static string Name<T>((string Name, T Value)[] table, T value)
        where T : struct, Enum =>
        table.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;

    private static T Parse<T>((string Name, T Value)[] table, string text)
        where T : struct, Enum =>
        table.FirstOrDefault(e => e.Name.Equals(text, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Value
            : Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value)
                ? value
                : throw new FormatException($"expected one of {Names(table)}.");
}
