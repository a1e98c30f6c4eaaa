namespace MLNetDeep;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetDeep.Neural.Training;

/// <summary>
/// The training record of a feed-forward model: what it was trained for, on which columns, with which options, and how
/// each epoch went. It travels inside the model's ONNX graph (<c>metadata_props["mlnetdeep.training_record"]</c>, JSON),
/// so it survives <c>mlContext.Model.Save/Load</c> and a standalone <c>.onnx</c> export; read it with
/// <see cref="FeedForwardModelOperations.GetFeedForwardInfo"/>.
/// </summary>
/// <remarks>
/// Wall-clock times are not recorded (the same seed, data and options give the same model bytes), so
/// <see cref="EpochRecord.Seconds"/> is 0 in <see cref="History"/>; the progress events during training carry them.
/// </remarks>
public sealed class FeedForwardModelInfo
{
    /// <summary>The record format's version; a reader refuses newer major versions.</summary>
    internal const int FormatVersion = 1;

    internal FeedForwardModelInfo(FeedForwardTask task, string featureColumnName, string labelColumnName, int featureCount, int outputCount,
        IReadOnlyList<string> classNames, IReadOnlyList<string> layers, long parameterCount, IReadOnlyDictionary<string, string> options,
        IReadOnlyList<EpochRecord> history, int bestEpoch, bool stoppedEarly, string lossName, string metricName,
        long trainingRows, long validationRows, double? labelMean, double? labelStandardDeviation, string backend, string libraryVersion,
        IReadOnlyList<FeedForwardEarlierRun> earlierRuns)
    {
        Task = task;
        FeatureColumnName = featureColumnName;
        LabelColumnName = labelColumnName;
        FeatureCount = featureCount;
        OutputCount = outputCount;
        ClassNames = classNames;
        Layers = layers;
        ParameterCount = parameterCount;
        Options = options;
        History = history;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        LossName = lossName;
        MetricName = metricName;
        TrainingRows = trainingRows;
        ValidationRows = validationRows;
        LabelMean = labelMean;
        LabelStandardDeviation = labelStandardDeviation;
        Backend = backend;
        LibraryVersion = libraryVersion;
        EarlierRuns = earlierRuns;
    }

    /// <summary>The task the model was trained for.</summary>
    public FeedForwardTask Task { get; }

    /// <summary>The feature column the model reads (the ONNX graph's input name).</summary>
    public string FeatureColumnName { get; }

    /// <summary>The label column the model was trained on.</summary>
    public string LabelColumnName { get; }

    /// <summary>The number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of network outputs: 1 for binary and regression, the class count for multiclass.</summary>
    public int OutputCount { get; }

    /// <summary>Multiclass: the label's key values as text, in key order (the <c>Score</c> vector's order); otherwise empty.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The layers as trained, e.g. <c>Dense(256, no bias), BatchNorm, ReLU, Dropout(0.2), ...</c>.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The number of trainable values.</summary>
    public long ParameterCount { get; }

    /// <summary>Every trainer option as used, by its <c>Options</c> property name, in invariant text (lists comma-separated, schedules and initializers by their parseable names).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>
    /// A classifier trained with class weights: each class's weight in the training loss as resolved (what
    /// <c>ClassWeights.Balanced</c> computed from the training rows, or the explicit weights), by class name in class
    /// order (binary: <c>false</c>, <c>true</c>); null without class weights. <see cref="Options"/> keeps them as given.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, float>>? ClassWeights { get; internal init; }

    /// <summary>Per-epoch measurements of this run, from epoch 1 (losses in the units the network trained on: a standardized label for regression); a continued model's earlier epochs are in <see cref="EarlierRuns"/>.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>
    /// The runs this model's network was continued from (<c>trainer.Fit(data, initialModel)</c>, <c>train
    /// --initial-model</c>), oldest first, carried forward from the initial model's record on every continuation: each
    /// run's epochs numbered on one axis across runs (this run's epoch <c>e</c> is epoch <see cref="EarlierEpochs"/> +
    /// <c>e</c> overall). Empty for a model trained from fresh weights (and for models from MLNetDeep versions that did
    /// not keep them). Beyond 10,000 earlier epochs the oldest runs are dropped; the numbering stays.
    /// </summary>
    public IReadOnlyList<FeedForwardEarlierRun> EarlierRuns { get; }

    /// <summary>The epochs trained before this run (those of dropped runs included): 0 for a model trained from fresh weights.</summary>
    public int EarlierEpochs => EarlierRuns.Count == 0 ? 0 : EarlierRuns[^1].History[^1].Epoch;

    /// <summary>
    /// The earlier runs in words, e.g. <c>20 earlier epochs in 1 earlier run, 30 in all</c> (with dropped runs:
    /// <c>12000 earlier epochs, the last 9000 recorded in 3 runs, 12010 in all</c>); empty without earlier runs.
    /// </summary>
    public string DescribeEarlierRuns()
    {
        int kept = EarlierRuns.Sum(r => r.History.Count), runs = EarlierRuns.Count;
        string inRuns = $"in {runs} earlier run{(runs == 1 ? "" : "s")}";
        return runs == 0 ? "" : $"{EarlierEpochs} earlier epochs{(kept == EarlierEpochs ? $" {inRuns}" : $", the last {kept} recorded {inRuns}")}, {EarlierEpochs + History.Count} in all";
    }

    /// <summary>Earlier epochs beyond which <see cref="Continuing"/> drops the oldest earlier runs (one run is always kept).</summary>
    internal const int MaxEarlierEpochs = 10_000;

    /// <summary>
    /// The earlier runs of a model continued from <paramref name="initial"/> with <paramref name="options"/>: the initial
    /// model's earlier runs and its own, their options compared with the new ones; none without an initial model.
    /// </summary>
    internal static IReadOnlyList<FeedForwardEarlierRun> Continuing(FeedForwardModelInfo? initial, IReadOnlyDictionary<string, string> options)
    {
        if (initial is null)
        {
            return [];
        }

        IReadOnlyDictionary<string, string> Differences(IReadOnlyDictionary<string, string> changed)
        {
            var theirs = new Dictionary<string, string>(initial.Options);
            foreach (var (name, value) in changed)
            {
                theirs[name] = value;
            }

            return new SortedDictionary<string, string>(theirs.Where(o => options.GetValueOrDefault(o.Key) != o.Value).ToDictionary(), StringComparer.Ordinal);
        }

        var runs = initial.EarlierRuns.Select(r => r with { ChangedOptions = Differences(r.ChangedOptions) }).ToList();
        int offset = initial.EarlierEpochs;
        if (initial.History.Count > 0)
        {
            runs.Add(new FeedForwardEarlierRun(initial.History.Select(e => e with { Epoch = offset + e.Epoch, Seconds = 0 }).ToArray(),
                offset + initial.ModelEpoch, Differences(new Dictionary<string, string>())) { ClassWeights = initial.ClassWeights });
        }

        while (runs.Count > 1 && runs.Sum(r => r.History.Count) > MaxEarlierEpochs)
        {
            runs.RemoveAt(0);
        }

        return runs;
    }

    /// <summary>The epoch (from 1) with the lowest monitored loss (the validation loss, else the training loss); the model holds its weights only when early stopping restored them (see <see cref="ModelEpoch"/>).</summary>
    public int BestEpoch { get; }

    /// <summary>
    /// The epoch (from 1) whose weights the model holds: <see cref="BestEpoch"/> when early stopping restored the best
    /// weights (<c>RestoreBestWeights</c>, default true), otherwise the last epoch trained; 0 without history.
    /// </summary>
    public int ModelEpoch => RestoredBest ? BestEpoch : History.Count == 0 ? 0 : History[^1].Epoch;

    private bool RestoredBest => Options.GetValueOrDefault("EarlyStoppingPatience", "").Length > 0 && Options.GetValueOrDefault("RestoreBestWeights") == "true";

    /// <summary>
    /// The epochs in words, e.g. <c>100 epochs; model from epoch 100</c> or <c>60 epochs, stopped early; model from
    /// epoch 40, the lowest validation loss</c>: which epoch the model holds and, only when it means something, the best
    /// epoch and by what (the validation loss with validation rows; the training loss when early stopping restored the
    /// best weights without them; not named otherwise, where it is only the epoch of the lowest training loss).
    /// </summary>
    public string DescribeEpochs()
    {
        string? meaning = ValidationRows > 0 ? "lowest validation loss" : RestoredBest ? "lowest training loss" : null;
        string best = meaning is null ? "" : BestEpoch == ModelEpoch ? $", the {meaning}" : $"; {meaning} at epoch {BestEpoch}";
        return $"{History.Count} epochs{(StoppedEarly ? ", stopped early" : "")}; model from epoch {ModelEpoch}{best}";
    }

    /// <summary>True when early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The training loss: <c>binary-cross-entropy</c>, <c>softmax-cross-entropy</c> or <c>mean-squared-error</c>.</summary>
    public string LossName { get; }

    /// <summary>The per-epoch metric's name: <c>accuracy</c> or <c>mse</c>.</summary>
    public string MetricName { get; }

    /// <summary>The rows trained on (after a held-out validation fraction, without rows whose label was missing).</summary>
    public long TrainingRows { get; }

    /// <summary>The validation rows (0 without validation).</summary>
    public long ValidationRows { get; }

    /// <summary>Regression with a standardized label: the label mean the network's output is shifted by; otherwise null.</summary>
    public double? LabelMean { get; }

    /// <summary>Regression with a standardized label: the label standard deviation the network's output is scaled by; otherwise null.</summary>
    public double? LabelStandardDeviation { get; }

    /// <summary>The training backend's specification: <c>managed</c> (MLNetDeep's own engine) or <c>torchsharp:DEVICE</c>.</summary>
    public string Backend { get; }

    /// <summary>The MLNetDeep version that trained the model.</summary>
    public string LibraryVersion { get; }

    /// <summary>The record as JSON (the form stored in the ONNX metadata).</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["format"] = FormatVersion,
            ["task"] = Task.ToString(),
            ["featureColumn"] = FeatureColumnName,
            ["labelColumn"] = LabelColumnName,
            ["featureCount"] = FeatureCount,
            ["outputCount"] = OutputCount,
            ["classNames"] = new JsonArray(ClassNames.Select(n => (JsonNode?)n).ToArray()),
            ["layers"] = new JsonArray(Layers.Select(n => (JsonNode?)n).ToArray()),
            ["parameterCount"] = ParameterCount,
            ["options"] = OptionsJson(Options),
            ["lossName"] = LossName,
            ["metricName"] = MetricName,
            ["bestEpoch"] = BestEpoch,
            ["stoppedEarly"] = StoppedEarly,
            ["trainingRows"] = TrainingRows,
            ["validationRows"] = ValidationRows,
            ["labelMean"] = LabelMean,
            ["labelStandardDeviation"] = LabelStandardDeviation,
            ["backend"] = Backend,
            ["libraryVersion"] = LibraryVersion,
            ["history"] = HistoryJson(History),
        };
        if (EarlierRuns.Count > 0)
        {
            json["earlierRuns"] = new JsonArray(EarlierRuns.Select(r => (JsonNode?)WithWeights(new JsonObject
            {
                ["modelEpoch"] = r.ModelEpoch,
                ["changedOptions"] = OptionsJson(r.ChangedOptions),
                ["history"] = HistoryJson(r.History),
            }, r.ClassWeights)).ToArray());
        }

        return WithWeights(json, ClassWeights).ToJsonString();
    }

    /// <summary>Adds <paramref name="weights"/> as <c>classWeights</c> to <paramref name="o"/> unless null (so a record without them keeps its bytes).</summary>
    private static JsonObject WithWeights(JsonObject o, IReadOnlyList<KeyValuePair<string, float>>? weights)
    {
        if (weights is not null)
        {
            o["classWeights"] = new JsonObject(weights.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)w.Value)));
        }

        return o;
    }

    private static KeyValuePair<string, float>[]? ReadWeights(JsonObject o) =>
        (o["classWeights"] as JsonObject)?.Select(w => KeyValuePair.Create(w.Key, w.Value?.GetValue<float>() ?? float.NaN)).ToArray();

    private static JsonArray HistoryJson(IEnumerable<EpochRecord> history) => new(history.Select(r => (JsonNode?)new JsonObject
    {
        ["epoch"] = r.Epoch,
        ["loss"] = Shortest(r.Loss),
        ["metric"] = Shortest(r.Metric),
        ["validationLoss"] = r.ValidationLoss is double vl ? Shortest(vl) : null,
        ["validationMetric"] = r.ValidationMetric is double vm ? Shortest(vm) : null,
        ["learningRate"] = Shortest(r.LearningRate),
    }).ToArray());

    /// <summary>
    /// <paramref name="value"/>, or when it is a float widened to double (a learning rate of 0.001f is
    /// 0.0010000000474974513), the double of that float's shortest text (0.001), so the JSON carries no float noise.
    /// </summary>
    internal static double Shortest(double value) => double.IsFinite(value) && (float)value == value
        ? double.Parse(((float)value).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private static JsonObject OptionsJson(IReadOnlyDictionary<string, string> options) => new(options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)));

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not such a record, or is from a newer format; the message says which field.</exception>
    public static FeedForwardModelInfo FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject o;
        try
        {
            o = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("The training record is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The training record is not valid JSON: {e.Message}", e);
        }

        int format = Get<int>(o, "format");
        if (format > FormatVersion)
        {
            throw new InvalidDataException($"The training record has format {format}; this MLNetDeep reads up to {FormatVersion}. Update MLNetDeep.");
        }

        string taskText = Get<string>(o, "task");
        if (!Enum.TryParse(taskText, out FeedForwardTask task) || !Enum.IsDefined(task))
        {
            throw new InvalidDataException($"The training record's task '{taskText}' is not a known task.");
        }

        var earlier = new List<FeedForwardEarlierRun>();
        foreach (JsonNode? node in o["earlierRuns"] as JsonArray ?? [])
        {
            string name = $"earlierRuns[{earlier.Count}]";
            JsonObject run = node as JsonObject ?? throw new InvalidDataException($"The training record's {name} is not an object.");
            EpochRecord[] epochs = ReadHistory(run, $"{name}.history");
            earlier.Add(new FeedForwardEarlierRun(epochs.Length > 0 ? epochs : throw new InvalidDataException($"The training record's {name} has no epochs."),
                Get<int>(run, "modelEpoch"), ReadOptions(run, "changedOptions")) { ClassWeights = ReadWeights(run) });
        }

        return new FeedForwardModelInfo(task, Get<string>(o, "featureColumn"), Get<string>(o, "labelColumn"), Get<int>(o, "featureCount"),
            Get<int>(o, "outputCount"), Strings(o, "classNames"), Strings(o, "layers"), Get<long>(o, "parameterCount"), ReadOptions(o, "options"), ReadHistory(o, "history"),
            Get<int>(o, "bestEpoch"), Get<bool>(o, "stoppedEarly"), Get<string>(o, "lossName"), Get<string>(o, "metricName"),
            Get<long>(o, "trainingRows"), Get<long>(o, "validationRows"), o["labelMean"]?.GetValue<double>(),
            o["labelStandardDeviation"]?.GetValue<double>(), Get<string>(o, "backend"), Get<string>(o, "libraryVersion"), earlier)
        {
            ClassWeights = ReadWeights(o),
        };
    }

    /// <summary>The epochs in <paramref name="o"/>'s <c>history</c>; <paramref name="name"/> names it in errors.</summary>
    private static EpochRecord[] ReadHistory(JsonObject o, string name) => (o["history"] as JsonArray ?? throw Missing(name)).Select(e =>
    {
        JsonObject r = e as JsonObject ?? throw new InvalidDataException($"The training record's {name} holds a non-object.");
        return new EpochRecord(Get<int>(r, "epoch"), Get<double>(r, "loss"), Get<double>(r, "metric"),
            r["validationLoss"]?.GetValue<double>(), r["validationMetric"]?.GetValue<double>(), Get<double>(r, "learningRate"), 0);
    }).ToArray();

    private static SortedDictionary<string, string> ReadOptions(JsonObject o, string name) => new(
        (o[name] as JsonObject ?? throw Missing(name)).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? ""), StringComparer.Ordinal);

    /// <summary>
    /// A one-line summary, e.g. <c>MulticlassClassification on 784 features: Dense(256, no bias), ... (235,146 parameters), 20 epochs</c>;
    /// a continued model's ends <c>4 epochs, continued after 34 earlier epochs</c>.
    /// </summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} on {1} features: {2} ({3:N0} parameters), {4} epochs{5}",
        Task, FeatureCount, string.Join(", ", Layers), ParameterCount, History.Count, EarlierEpochs > 0 ? $", continued after {EarlierEpochs} earlier epochs" : "");

    private static T Get<T>(JsonObject o, string name)
    {
        JsonNode node = o[name] ?? throw Missing(name);
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The training record's '{name}' is {node.ToJsonString()}; expected a {typeof(T).Name}.", e);
        }
    }

    private static string[] Strings(JsonObject o, string name) =>
        (o[name] as JsonArray ?? throw Missing(name)).Select(n => n?.GetValue<string>() ?? "").ToArray();

    private static InvalidDataException Missing(string name) => new($"The training record has no '{name}'.");
}
