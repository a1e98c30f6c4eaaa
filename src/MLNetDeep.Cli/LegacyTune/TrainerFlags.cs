namespace MLNetDeep.Cli.LegacyTune;

using System.CommandLine;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Trainers;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;

/// <summary>
/// One flag per knob of <see cref="FeedForwardTrainerOptions"/>. A flag not given leaves the library's default; the flags
/// given are recorded as typed (for the model's metadata) and every option is validated before any data is read.
/// </summary>
internal sealed class TrainerFlags
{
    private static readonly Dictionary<string, Activation> Activations = new()
    {
        ["relu"] = Activation.Relu,
        ["leaky-relu"] = Activation.LeakyRelu,
        ["tanh"] = Activation.Tanh,
        ["sigmoid"] = Activation.Sigmoid,
        ["identity"] = Activation.Identity,
    };

    private static readonly Dictionary<string, OptimizerKind> Optimizers = new()
    {
        ["gd"] = OptimizerKind.GradientDescent,
        ["momentum"] = OptimizerKind.Momentum,
        ["rmsprop"] = OptimizerKind.RmsProp,
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
    };

    private readonly List<Flag> _flags = [];

    public TrainerFlags()
    {
        Add(OptionFactory.Parsed("--hidden", "Hidden layer widths, first to last (none for a linear model). Default 256,128.", "W1,W2,...", OptionFactory.ParseIntList),
            nameof(FeedForwardTrainerOptions.HiddenLayers), (o, v) => o with { HiddenLayers = v! });
        Add(OptionFactory.Choice("--activation", "Hidden activation. Default relu.", Activations),
            nameof(FeedForwardTrainerOptions.Activation), (o, v) => o with { Activation = v });
        Add(OptionFactory.Number<float>("--leaky-slope", "Negative slope of leaky-relu. Default 0.01.", "S"),
            nameof(FeedForwardTrainerOptions.LeakyReluSlope), (o, v) => o with { LeakyReluSlope = v!.Value });
        Add(OptionFactory.Parsed("--init", "Weight initialization: zeros, he, he-uniform, glorot, glorot-normal, lecun, large, random-normal(SD). Default he for relu-family, glorot otherwise.", "NAME", Initializer.Parse),
            nameof(FeedForwardTrainerOptions.Initializer), (o, v) => o with { Initializer = v });
        Add(OptionFactory.Number<float>("--dropout", "Probability of dropping a hidden unit, in [0, 1). Default 0.2 (0 for regression).", "P"),
            nameof(FeedForwardTrainerOptions.DropoutRate), (o, v) => o with { DropoutRate = v!.Value });
        Add(new Option<bool>("--batch-norm") { Description = "Batch normalization after every hidden Dense layer (--batch-norm false to switch it off). Default true." },
            nameof(FeedForwardTrainerOptions.BatchNormalization), (o, v) => o with { BatchNormalization = v });
        Add(OptionFactory.Choice("--optimizer", "The optimizer. Default adam.", Optimizers),
            nameof(FeedForwardTrainerOptions.Optimizer), (o, v) => o with { Optimizer = v });
        Add(OptionFactory.Number<float>("--lr", "Initial learning rate. Default 0.003 (0.001 is the usual rate without batch norm).", "RATE"),
            nameof(FeedForwardTrainerOptions.LearningRate), (o, v) => o with { LearningRate = v!.Value });
        Add(OptionFactory.Number<float>("--momentum", "Momentum's beta. Default 0.9.", "BETA"),
            nameof(FeedForwardTrainerOptions.Momentum), (o, v) => o with { Momentum = v!.Value });
        Add(new Option<bool>("--nesterov") { Description = "Nesterov momentum." },
            nameof(FeedForwardTrainerOptions.Nesterov), (o, v) => o with { Nesterov = v });
        Add(OptionFactory.Number<float>("--rmsprop-decay", "RMSprop's squared-gradient decay. Default 0.9.", "BETA"),
            nameof(FeedForwardTrainerOptions.RmsPropDecay), (o, v) => o with { RmsPropDecay = v!.Value });
        Add(OptionFactory.Number<float>("--beta1", "Adam's beta1. Default 0.9.", "B1"),
            nameof(FeedForwardTrainerOptions.AdamBeta1), (o, v) => o with { AdamBeta1 = v!.Value });
        Add(OptionFactory.Number<float>("--beta2", "Adam's beta2. Default 0.999.", "B2"),
            nameof(FeedForwardTrainerOptions.AdamBeta2), (o, v) => o with { AdamBeta2 = v!.Value });
        Add(OptionFactory.Number<float>("--epsilon", "RMSprop's and Adam's epsilon. Default 1e-8.", "EPS"),
            nameof(FeedForwardTrainerOptions.Epsilon), (o, v) => o with { Epsilon = v!.Value });
        Add(OptionFactory.Number<float>("--weight-decay", "Decoupled weight decay. Default 0.01 for adamw, else 0.", "W"),
            nameof(FeedForwardTrainerOptions.WeightDecay), (o, v) => o with { WeightDecay = v });
        Add(OptionFactory.Number<float>("--l2", "L2 lambda: cost += lambda/(2m) * sum of squared weights. Default 0.", "LAMBDA"),
            nameof(FeedForwardTrainerOptions.L2Regularization), (o, v) => o with { L2Regularization = v!.Value });
        Add(OptionFactory.Parsed("--lr-decay", "Learning-rate schedule: constant, inverse-time:RATE[:INTERVAL], exponential:G, step:N[:G], cosine[:WARMUP[:MIN]], plateau[:F[:P]]. Default cosine.", "SCHEDULE", LearningRateSchedule.Parse),
            nameof(FeedForwardTrainerOptions.LearningRateSchedule), (o, v) => o with { LearningRateSchedule = v! });
        Add(OptionFactory.Number<int>("--batch-size", "Examples per mini-batch. Default 128.", "B"),
            nameof(FeedForwardTrainerOptions.BatchSize), (o, v) => o with { BatchSize = v!.Value });
        Add(OptionFactory.Number<int>("--epochs", "Passes over the training data. Default 20.", "N"),
            nameof(FeedForwardTrainerOptions.NumberOfEpochs), (o, v) => o with { NumberOfEpochs = v!.Value });
        Add(new Option<bool>("--no-shuffle") { Description = "Do not reshuffle the examples every epoch." },
            nameof(FeedForwardTrainerOptions.Shuffle), (o, v) => o with { Shuffle = !v });
        Add(OptionFactory.Number<int>("--early-stopping", "Stop after N epochs without improvement of the validation loss (training loss without validation data).", "N"),
            nameof(FeedForwardTrainerOptions.EarlyStoppingPatience), (o, v) => o with { EarlyStoppingPatience = v });
        Add(OptionFactory.Number<double>("--early-stopping-delta", "The smallest improvement that resets the patience. Default 1e-4.", "D"),
            nameof(FeedForwardTrainerOptions.EarlyStoppingMinDelta), (o, v) => o with { EarlyStoppingMinDelta = v!.Value });
        Add(new Option<bool>("--no-restore-best") { Description = "With early stopping, keep the last epoch's weights instead of the best epoch's." },
            nameof(FeedForwardTrainerOptions.RestoreBestWeights), (o, v) => o with { RestoreBestWeights = !v });
        Add(OptionFactory.Number<float>("--validation-fraction", "Fraction of the training rows held out for validation, in [0, 1). Default 0.", "X"),
            nameof(FeedForwardTrainerOptions.ValidationFraction), (o, v) => o with { ValidationFraction = v!.Value });
        Add(OptionFactory.Number<float>("--clip-norm", "Clip gradients to this global L2 norm.", "C"),
            nameof(FeedForwardTrainerOptions.GradientClipNorm), (o, v) => o with { GradientClipNorm = v });
        Add(OptionFactory.Number<int>("--seed", "Seed for initialization, shuffling, dropout and splits. Default 0.", "S"),
            nameof(FeedForwardTrainerOptions.Seed), (o, v) => o with { Seed = v });
        Add(OptionFactory.Number<int>("--threads", "Threads for the matrix products (results do not depend on it). Default: every core.", "T"),
            nameof(FeedForwardTrainerOptions.NumberOfThreads), (o, v) => o with { NumberOfThreads = v });
        Add(new Option<string?>("--checkpoint-dir") { Description = "Folder for training checkpoints.", HelpName = "DIR" },
            nameof(FeedForwardTrainerOptions.CheckpointFolder), (o, v) => o with { CheckpointFolder = v });
        Add(OptionFactory.Number<int>("--checkpoint-interval", "Epochs between checkpoints. Default 1.", "N"),
            nameof(FeedForwardTrainerOptions.CheckpointInterval), (o, v) => o with { CheckpointInterval = v!.Value });
        Add(new Option<bool>("--resume") { Description = "Continue from the checkpoint in --checkpoint-dir when it holds one of this run." },
            nameof(FeedForwardTrainerOptions.ResumeFromCheckpoint), (o, v) => o with { ResumeFromCheckpoint = v });
    }

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> Options => _flags.Select(f => f.Option);

    /// <summary>The seed given, or null.</summary>
    public int? Seed(ParseResult result) => result.GetValue((Option<int?>)_flags.Single(f => f.Property == nameof(FeedForwardTrainerOptions.Seed)).Option);

    /// <summary>
    /// <paramref name="defaults"/> with every given flag applied, validated: a bad value is a usage error naming the flag
    /// and the value.
    /// </summary>
    public T Apply<T>(ParseResult result, T defaults)
        where T : FeedForwardTrainerOptions
    {
        FeedForwardTrainerOptions options = defaults;
        foreach (Flag flag in _flags.Where(f => IsGiven(result, f)))
        {
            options = flag.Apply(options, result);
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            Flag? flag = _flags.FirstOrDefault(f => e.ParamName is not null && (f.Property == e.ParamName || e.Message.StartsWith(f.Property, StringComparison.Ordinal)))
                ?? _flags.FirstOrDefault(f => e.Message.Contains(f.Property, StringComparison.Ordinal));
            string given = flag is null ? "" : $"{flag.Option.Name} {Given(result, flag)}: ";
            throw CliException.Usage($"{given}{FirstLine(e.Message)}");
        }

        return (T)options;
    }

    /// <summary>The flags given on the command line, as typed (booleans as their value: a bare flag is true).</summary>
    public JsonObject GivenJson(ParseResult result)
    {
        var json = new JsonObject();
        foreach (Flag flag in _flags.Where(f => IsGiven(result, f)))
        {
            json[flag.Option.Name] = flag.Option.ValueType == typeof(bool)
                ? JsonValue.Create(result.GetValue((Option<bool>)flag.Option))
                : JsonValue.Create(Given(result, flag));
        }

        return json;
    }

    /// <summary>Every option's effective value (library defaults included), for the model's metadata and <c>info</c>.</summary>
    public static JsonObject EffectiveJson(FeedForwardTrainerOptions o)
    {
        // Floats through their shortest text, so 0.01f is 0.01 rather than 0.009999999776482582.
        static JsonNode? F(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
        static JsonNode? S(float? v) => v is float f && float.IsFinite(f) ? JsonValue.Create(double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new JsonObject
        {
            ["HiddenLayers"] = new JsonArray(o.HiddenLayers.Select(h => (JsonNode)JsonValue.Create(h)).ToArray()),
            ["Activation"] = o.Activation.ToString(),
            ["LeakyReluSlope"] = S(o.LeakyReluSlope),
            ["Initializer"] = o.Initializer?.Name ?? "default",
            ["DropoutRate"] = S(o.DropoutRate),
            ["BatchNormalization"] = o.BatchNormalization,
            ["Optimizer"] = o.Optimizer.ToString(),
            ["LearningRate"] = S(o.LearningRate),
            ["Momentum"] = S(o.Momentum),
            ["Nesterov"] = o.Nesterov,
            ["RmsPropDecay"] = S(o.RmsPropDecay),
            ["AdamBeta1"] = S(o.AdamBeta1),
            ["AdamBeta2"] = S(o.AdamBeta2),
            ["Epsilon"] = S(o.Epsilon),
            ["WeightDecay"] = S(o.WeightDecay),
            ["L2Regularization"] = S(o.L2Regularization),
            ["LearningRateSchedule"] = o.LearningRateSchedule.Name,
            ["BatchSize"] = o.BatchSize,
            ["NumberOfEpochs"] = o.NumberOfEpochs,
            ["Shuffle"] = o.Shuffle,
            ["EarlyStoppingPatience"] = o.EarlyStoppingPatience,
            ["EarlyStoppingMinDelta"] = F(o.EarlyStoppingMinDelta),
            ["RestoreBestWeights"] = o.RestoreBestWeights,
            ["ValidationFraction"] = S(o.ValidationFraction),
            ["GradientClipNorm"] = S(o.GradientClipNorm),
            ["Seed"] = o.Seed,
            ["NumberOfThreads"] = o.NumberOfThreads,
            ["CheckpointFolder"] = o.CheckpointFolder,
            ["CheckpointInterval"] = o.CheckpointInterval,
            ["ResumeFromCheckpoint"] = o.ResumeFromCheckpoint,
        };
    }

    private static bool IsGiven(ParseResult result, Flag flag) => result.GetResult(flag.Option) is { Implicit: false };

    private static string Given(ParseResult result, Flag flag)
    {
        var r = result.GetResult(flag.Option);
        return r is null || r.Tokens.Count == 0 ? "" : string.Join(" ", r.Tokens.Select(t => t.Value));
    }

    private static string FirstLine(string message)
    {
        // ArgumentException appends " (Parameter 'X')"; the option was already named.
        int p = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (p > 0 ? message[..p] : message).ReplaceLineEndings(" ");
    }

    private void Add<TValue>(Option<TValue> option, string property, Func<FeedForwardTrainerOptions, TValue, FeedForwardTrainerOptions> apply) =>
        _flags.Add(new Flag(option, property, (o, r) => apply(o, r.GetValue(option)!)));

    private sealed record Flag(Option Option, string Property, Func<FeedForwardTrainerOptions, ParseResult, FeedForwardTrainerOptions> Apply);
}
