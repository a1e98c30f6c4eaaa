namespace MLNetDeep.Cli.LegacyTune;

using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Evaluation;
using MLNetDeep.Legacy.Trainers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;

/// <summary>
/// The HTML reports of <c>train --report</c> and <c>report</c>: training curves and the learning rate (from the model's
/// history and effective options), an evaluation (metrics, confusion matrix, decision boundary when the model reads
/// exactly two numeric features), the options, the data and the model. Written atomically like every CLI output.
/// </summary>
internal static class ModelReport
{
    /// <summary>
    /// Checks a <c>--report</c> (or <c>--out</c>) path before any work: its folder exists and it is neither an input nor
    /// another output of the command. A bad path is a usage error naming the option.
    /// </summary>
    public static void CheckPath(string path, string option, params string?[] otherFiles)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliException.Usage($"{option}: the path is empty.");
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw CliException.Usage($"{option} '{path}': is a folder; give a file such as report.html.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full) ?? "."))
        {
            throw CliException.Usage($"{option} '{path}': the folder does not exist.");
        }

        if (otherFiles.Any(o => o is not null && string.Equals(Path.GetFullPath(o), full, StringComparison.Ordinal)))
        {
            throw CliException.Usage($"{option} '{path}': the same file as an input or another output of the command.");
        }
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> through a temporary file.</summary>
    public static void Save(HtmlReport report, string path) => AtomicFile.WriteText(path, report.WriteTo);

    /// <summary>Adds the training section: loss, metric and learning-rate charts (or a note when the model has no history).</summary>
    public static void AddTraining(HtmlReport report, FeedForwardModelParameters? parameters, JsonObject metadata, TaskKind task)
    {
        report.AddSection("Training", "training");
        IReadOnlyList<EpochRecord> history = parameters?.History ?? [];
        if (history.Count == 0)
        {
            report.AddParagraph("The model file holds no training history, so there are no training curves.");
            return;
        }

        string metric = task == TaskKind.Regression ? "mse" : "accuracy";
        report.AddParagraph(string.Create(CultureInfo.InvariantCulture,
            $"{history.Count} epochs, best epoch {parameters!.BestEpoch} (lowest monitored loss), {parameters.TrainingSeconds:F2} s; loss {parameters.LossName}."));
        report.AddChart(TrainingCharts.Loss(history), "Training loss per epoch (L2 term included) and, with a validation set, the validation loss.");
        report.AddChart(TrainingCharts.Metric(history, metric), $"Training {metric} per epoch over the mini-batches as trained, and on the validation set.");
        if (metadata["trainerOptions"] is JsonObject o && o["LearningRateSchedule"]?.GetValue<string>() is string name
            && o["LearningRate"]?.GetValue<double>() is double rate && rate > 0 && o["NumberOfEpochs"]?.GetValue<int>() is int epochs && epochs > 0)
        {
            LearningRateSchedule schedule;
            try
            {
                schedule = LearningRateSchedule.Parse(name);
            }
            catch (FormatException)
            {
                report.AddParagraph($"The learning-rate schedule '{name}' is not one this version knows; the chart shows the rates used.");
                schedule = LearningRateSchedule.Constant;
            }

            double max = history.Select(h => h.LearningRate).Where(double.IsFinite).DefaultIfEmpty(rate).Max();
            double min = history.Select(h => h.LearningRate).Where(v => v > 0).DefaultIfEmpty(rate).Min();
            report.AddChart(TrainingCharts.LearningRate(schedule, rate, epochs, history, logY: max / min > 100),
                $"The schedule {schedule.Name} from learning rate {rate.ToString(CultureInfo.InvariantCulture)} over {epochs} epochs, and the rates the run used.");
        }
    }

    /// <summary>
    /// Adds an evaluation section on <paramref name="data"/> (labelled by <paramref name="mapping"/>): the metrics, the
    /// confusion matrix of a classifier and its decision boundary when the model reads exactly two numeric features.
    /// Returns the metrics.
    /// </summary>
    public static JsonObject AddEvaluation(HtmlReport report, DeepContext context, LabelMapping mapping, ITransformer model, DataViewSchema inputSchema, IDataView data, string dataName)
    {
        report.AddSection($"Evaluation on {dataName}", "evaluation");
        IDataView scored = model.Transform(data);
        JsonObject metrics;
        ConfusionMatrix? confusion = null;
        IReadOnlyList<string>? names = null;
        switch (mapping.Task)
        {
            case TaskKind.Binary:
                var binary = context.BinaryClassification.Evaluate(scored, mapping.Column);
                metrics = Metrics.ToJson(binary);
                confusion = binary.ConfusionMatrix;
                names = [mapping.Values[1], mapping.Values[0]]; // ML.NET's order: the positive class first
                break;
            case TaskKind.Multiclass:
                var multi = context.MulticlassClassification.Evaluate(scored, mapping.Column);
                metrics = Metrics.ToJson(multi);
                confusion = multi.ConfusionMatrix;
                names = multi.ConfusionMatrix.NumberOfClasses == mapping.Values.Length ? mapping.Values : null;
                break;
            default:
                metrics = Metrics.ToJson(context.Regression.Evaluate(scored, mapping.Column));
                break;
        }

        report.AddProperties(metrics.Select(m => KeyValuePair.Create(m.Key, m.Value is null ? "n/a" : Brief(m.Value))), $"Metrics on {dataName}", "metrics");
        if (confusion is not null)
        {
            report.AddChart(ConfusionMatrixChart.Render(confusion, names, $"Confusion matrix on {ShortName(dataName)}"),
                "Rows: actual class; columns: predicted class; cells shaded by their share of the actual class's rows.");
        }

        if (mapping.Task != TaskKind.Regression && inputSchema.Count == 2 && inputSchema.All(c => c.Type == NumberDataViewType.Single))
        {
            report.AddChart(DecisionBoundary(mapping, model, inputSchema, data, dataName),
                $"The model's prediction over the plane of its two features ({inputSchema[0].Name}, {inputSchema[1].Name}) with the points of {dataName} coloured by their label.");
        }

        return metrics;
    }

    /// <summary>Adds the options section: the effective trainer options and the flags as given.</summary>
    public static void AddOptions(HtmlReport report, JsonObject metadata)
    {
        report.AddSection("Options", "options");
        if (metadata["trainerOptions"] is JsonObject effective)
        {
            AddJson(report, effective, "Effective trainer options", "options");
        }

        if (metadata["trainerOptionsGiven"] is JsonObject { Count: > 0 } given)
        {
            AddJson(report, given, "Flags as given", "options-given");
        }
    }

    /// <summary>Adds the model section: task, label, features, layers and size.</summary>
    public static void AddModel(HtmlReport report, LabelMapping mapping, FeedForwardModelParameters? parameters, JsonObject metadata, string? path)
    {
        report.AddSection("Model", "model");
        var items = new List<KeyValuePair<string, string>>();
        if (path is not null)
        {
            items.Add(KeyValuePair.Create("file", path));
        }

        items.Add(KeyValuePair.Create("task", mapping.Task.ToString().ToLowerInvariant()));
        items.Add(KeyValuePair.Create("label", mapping.Column));
        if (mapping.Task != TaskKind.Regression)
        {
            items.Add(KeyValuePair.Create("classes", string.Join(", ", mapping.Values)));
        }

        if (metadata["featureColumns"] is JsonArray features)
        {
            items.Add(KeyValuePair.Create("features", string.Join(", ", features.OfType<JsonObject>().Select(f => f["name"]?.GetValue<string>() ?? "?"))));
        }

        items.Add(KeyValuePair.Create("normalized", metadata["normalize"]?.ToJsonString() ?? "unknown"));
        if (parameters is not null)
        {
            items.Add(KeyValuePair.Create("inputs", parameters.FeatureCount.ToString(CultureInfo.InvariantCulture)));
            items.Add(KeyValuePair.Create("layers", string.Join(", ", parameters.Layers)));
            items.Add(KeyValuePair.Create("trainable values", parameters.ParameterCount.ToString(CultureInfo.InvariantCulture)));
            items.Add(KeyValuePair.Create("loss", parameters.LossName));
        }

        if (metadata["data"] is JsonObject data)
        {
            items.Add(KeyValuePair.Create("trained on", $"{data["train"]?.ToString() ?? "?"} ({data["trainRows"]?.ToString() ?? "?"} rows)"));
        }

        report.AddProperties(items, "Model", "model-info");
    }

    /// <summary>Adds a properties table from a JSON object (options, model information).</summary>
    public static void AddJson(HtmlReport report, JsonObject json, string caption, string cssClass) =>
        report.AddProperties(json.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? "null" : Brief(p.Value))), caption, cssClass);

    /// <summary>The rows, columns and label distribution of labelled data (label mapped by <paramref name="mapping"/>).</summary>
    public static DataSummary Summarize(string name, IDataView data, LabelMapping mapping)
    {
        var columns = data.Schema.Where(c => !c.IsHidden && !c.Name.StartsWith(InputData.RawPrefix, StringComparison.Ordinal))
            .Select(c => KeyValuePair.Create(c.Name, c.Name == mapping.Column ? $"{c.Type} (label, {mapping.Task.ToString().ToLowerInvariant()})" : c.Type.ToString() ?? "?"))
            .ToArray();
        long rows = 0;
        var counts = new long[mapping.Task == TaskKind.Regression ? 0 : mapping.Values.Length];
        DataViewSchema.Column label = data.Schema[mapping.Column];
        using (DataViewRowCursor cursor = data.GetRowCursor([label]))
        {
            Func<int> read = LabelReader(cursor, label, mapping.Task);
            while (cursor.MoveNext())
            {
                rows++;
                int k = read();
                if (k >= 0 && k < counts.Length)
                {
                    counts[k]++;
                }
            }
        }

        IReadOnlyList<KeyValuePair<string, long>>? distribution = mapping.Task == TaskKind.Regression
            ? null
            : mapping.Values.Select((v, i) => KeyValuePair.Create(v, counts[i])).ToArray();
        return new DataSummary(name, rows, columns, mapping.Column, distribution);
    }

    private static string DecisionBoundary(LabelMapping mapping, ITransformer model, DataViewSchema inputSchema, IDataView data, string dataName)
    {
        DataViewSchema.Column fx = data.Schema[inputSchema[0].Name], fy = data.Schema[inputSchema[1].Name], label = data.Schema[mapping.Column];
        var points = new List<LabeledPoint>();
        using (DataViewRowCursor cursor = data.GetRowCursor([fx, fy, label]))
        {
            ValueGetter<float> gx = cursor.GetGetter<float>(fx), gy = cursor.GetGetter<float>(fy);
            Func<int> read = LabelReader(cursor, label, mapping.Task);
            float x = 0, y = 0;
            while (cursor.MoveNext())
            {
                gx(ref x);
                gy(ref y);
                points.Add(new LabeledPoint(x, y, read()));
            }
        }

        bool binary = mapping.Task == TaskKind.Binary;
        return DecisionBoundaryChart.Render((xs, ys) => Score(model, inputSchema, xs, ys, binary), points, new DecisionBoundaryOptions
        {
            Title = $"Decision boundary on {ShortName(dataName)}",
            XLabel = inputSchema[0].Name,
            YLabel = inputSchema[1].Name,
            ClassNames = mapping.Values,
            Probability = binary,
        });
    }

    // The grid as a two-column data view scored by the whole pipeline (so normalization applies as for real rows):
    // the probability of the positive class for binary, the predicted class index for multiclass.
    private static double[] Score(ITransformer model, DataViewSchema inputSchema, IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool binary)
    {
        float[] fx = xs.Select(v => (float)v).ToArray(), fy = ys.Select(v => (float)v).ToArray();
        var grid = new InMemoryDataView(DataViewSchema.Create([new(inputSchema[0].Name, NumberDataViewType.Single), new(inputSchema[1].Name, NumberDataViewType.Single)]),
            [ColumnBuffer.FromArray(NumberDataViewType.Single, fx), ColumnBuffer.FromArray(NumberDataViewType.Single, fy)]);
        IDataView scored = model.Transform(grid);
        var result = new double[fx.Length];
        DataViewSchema.Column column = scored.Schema[binary ? "Probability" : "PredictedLabel"];
        using DataViewRowCursor cursor = scored.GetRowCursor([column]);
        int i = 0;
        if (binary)
        {
            ValueGetter<float> get = cursor.GetGetter<float>(column);
            float p = 0;
            while (cursor.MoveNext())
            {
                get(ref p);
                result[i++] = p;
            }
        }
        else
        {
            ValueGetter<uint> get = cursor.GetGetter<uint>(column);
            uint k = 0;
            while (cursor.MoveNext())
            {
                get(ref k);
                result[i++] = k == 0 ? double.NaN : k - 1;
            }
        }

        return result;
    }

    // The class index (0-based) of the current row's mapped label: binary false/true -> 0/1, multiclass key k -> k - 1.
    private static Func<int> LabelReader(DataViewRow row, DataViewSchema.Column label, TaskKind task)
    {
        switch (task)
        {
            case TaskKind.Binary:
                ValueGetter<bool> b = row.GetGetter<bool>(label);
                return () =>
                {
                    bool v = false;
                    b(ref v);
                    return v ? 1 : 0;
                };
            case TaskKind.Multiclass:
                ValueGetter<uint> k = row.GetGetter<uint>(label);
                return () =>
                {
                    uint v = 0;
                    k(ref v);
                    return (int)v - 1;
                };
            default:
                return () => -1;
        }
    }

    // A file path in a chart title: its file name (and what follows it, such as "(the training rows)").
    private static string ShortName(string dataName)
    {
        int space = dataName.IndexOf(' ', StringComparison.Ordinal);
        string path = space < 0 ? dataName : dataName[..space];
        return Path.GetFileName(path) is { Length: > 0 } file && file != path ? file + (space < 0 ? "" : dataName[space..]) : dataName;
    }

    private static string Brief(JsonNode value) =>
        value is JsonValue v && v.TryGetValue(out double d) ? d.ToString("G6", CultureInfo.InvariantCulture)
        : value is JsonValue s && s.TryGetValue(out string? text) ? text
        : value.ToJsonString();
}
