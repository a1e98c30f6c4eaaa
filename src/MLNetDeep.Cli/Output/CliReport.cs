namespace MLNetDeep.Cli.Output;

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;

/// <summary>
/// The HTML reports of <c>train --report</c>, <c>tune --report</c> and <c>report</c>, made of MLNetDeep.Reporting's parts:
/// the training section is the library's (<see cref="Reporting.Html.ModelReport.AddTraining"/>: curves and learning
/// rate from the model's training record); the evaluation is the CLI's own (the metrics <see cref="Evaluation"/>
/// measured without rows of a missing label or a NaN score, the confusion matrix, the decision boundary with the
/// original class names), and so are the options and model sections (they add what the run record keeps: the flags as
/// typed, the feature columns and their kinds). Written atomically like every CLI output.
/// </summary>
internal static class CliReport
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> through a temporary file.</summary>
    public static void Save(HtmlReport report, string path) => AtomicFile.WriteText(path, report.WriteTo);

    /// <summary>Adds the training section (MLNetDeep.Reporting's): loss, metric and learning-rate charts, or a note when the model has no training record.</summary>
    public static void AddTraining(HtmlReport report, MLContext ml, ITransformer model, DataViewSchema inputSchema) =>
        new ModelReport(ml, model, inputSchema).AddTraining(report);

    /// <summary>
    /// Adds an evaluation section: the metrics of <paramref name="result"/>, the confusion matrix of a classifier and its
    /// decision boundary when the model reads exactly two numeric features (with the points measured).
    /// </summary>
    public static void AddEvaluation(HtmlReport report, MLContext ml, ModelView model, ITransformer transformer, Evaluation.Result result, string dataName)
    {
        report.AddSection($"Evaluation on {dataName}", "evaluation");
        report.AddProperties(result.Metrics.Select(m => KeyValuePair.Create(m.Key, m.Value is null ? "n/a" : Brief(m.Value))), $"Metrics on {dataName}", "metrics");
        IReadOnlyList<string>? names = ClassNames(model, result.Measured);
        if (result.Confusion is { } confusion)
        {
            // ML.NET's binary confusion matrix lists the positive class first.
            IReadOnlyList<string> labels = names is { Count: var n } && n == confusion.NumberOfClasses
                ? model.Task == FeedForwardTask.BinaryClassification ? [names[1], names[0]] : names
                : Enumerable.Range(0, confusion.NumberOfClasses).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            report.AddChart(ConfusionMatrixChart.Render(labels, confusion.Counts, $"Confusion matrix on {ShortName(dataName)}"),
                "Rows: actual class; columns: predicted class; cells shaded by their share of the actual class's rows.");
        }

        IReadOnlyList<DataViewSchema.Column> features = model.FeatureColumns;
        if (model.Task != FeedForwardTask.Regression && names is not null && features.Count == 2 && features.All(c => c.Type == NumberDataViewType.Single))
        {
            new ModelReport(ml, transformer, model.InputSchema) { LabelColumnName = model.LabelColumn, ClassNames = names }
                .AddDecisionBoundary(report, result.Measured, dataName, features[0].Name, features[1].Name);
        }
    }

    /// <summary>Adds the options section: the effective trainer options and the flags as given.</summary>
    public static void AddOptions(HtmlReport report, ModelView model)
    {
        report.AddSection("Options", "options");
        JsonObject? effective = model.Run?["trainerOptions"] as JsonObject
            ?? (model.Info is { } info ? new JsonObject(info.Options.Select(o => KeyValuePair.Create(o.Key, o.Value.Length == 0 ? null : (JsonNode?)JsonValue.Create(o.Value)))) : null);
        if (effective is null)
        {
            report.AddParagraph("The model holds no trainer options (it was not trained by MLNetDeep).");
            return;
        }

        AddJson(report, effective, "Effective trainer options", "options", ModelView.Unset);
        if (model.Run?["trainerOptionsGiven"] is JsonObject { Count: > 0 } given)
        {
            AddJson(report, given, "Flags as given", "options-given", ModelView.Unset);
        }
    }

    /// <summary>Adds the model section: task, label, features, layers and size.</summary>
    public static void AddModel(HtmlReport report, ModelView model, string? path)
    {
        report.AddSection("Model", "model");
        var items = new List<KeyValuePair<string, string>>();
        if (path is not null)
        {
            items.Add(KeyValuePair.Create("file", path));
        }

        items.Add(KeyValuePair.Create("task", Evaluation.Name(model.Task)));
        items.Add(KeyValuePair.Create("label", model.LabelColumn));
        if (model.Classes is { } classes)
        {
            items.Add(KeyValuePair.Create("classes", string.Join(", ", classes.Values)));
        }

        string features = model.Run?["featureColumns"] is JsonArray f
            ? string.Join(", ", f.OfType<JsonObject>().Select(c => c["name"]?.GetValue<string>() ?? "?"))
            : string.Join(", ", model.FeatureColumns.Select(c => c.Name));
        items.Add(KeyValuePair.Create("features", features));
        items.Add(KeyValuePair.Create("normalized", model.Run?["normalize"]?.ToJsonString() ?? "unknown"));
        if (model.Info is { } info)
        {
            items.Add(KeyValuePair.Create("inputs", info.FeatureCount.ToString(CultureInfo.InvariantCulture)));
            items.Add(KeyValuePair.Create("layers", string.Join(", ", info.Layers)));
            items.Add(KeyValuePair.Create("trainable values", info.ParameterCount.ToString(CultureInfo.InvariantCulture)));
            items.Add(KeyValuePair.Create("loss", info.LossName));
        }

        if (model.ClassWeightsText is { } weights)
        {
            items.Add(KeyValuePair.Create("class weights (resolved)", weights));
        }

        if (model.Run?["data"] is JsonObject data)
        {
            string rows = data["trainRows"]?.ToString() ?? "?";
            string split = long.TryParse(rows, CultureInfo.InvariantCulture, out long n) && HeldOut(n, model.Info) is { } held ? $": {held}" : "";
            items.Add(KeyValuePair.Create("training data", $"{data["train"]?.ToString() ?? "?"} ({rows} rows{split})"));
        }

        if (model.Run?["tune"] is JsonObject tune)
        {
            items.Add(KeyValuePair.Create("tuned", $"study '{tune["study"]}', trial {tune["trialId"]} ({tune["metric"]} {tune["value"]} on the validation rows; tuner {tune["tuner"]}"
                + (tune["refitted"]?.GetValue<bool>() == true ? "; refitted from its parameters and seed)" : ")")));
        }

        report.AddProperties(items, "Model", "model-info");
    }

    /// <summary>
    /// How many of a training file's <paramref name="rows"/> trained and how many <c>--validation-fraction</c> held out,
    /// e.g. <c>240 to train, 60 held out for validation</c>; null when none were held out (or the counts do not add up
    /// to the file's: rows without a label are neither).
    /// </summary>
    public static string? HeldOut(long rows, FeedForwardModelInfo? info) =>
        info is { ValidationRows: > 0 } i && i.TrainingRows + i.ValidationRows == rows
            ? string.Create(CultureInfo.InvariantCulture, $"{i.TrainingRows} to train, {i.ValidationRows} held out for validation") : null;

    /// <summary>Adds a properties table from a JSON object (options, model information).</summary>
    public static void AddJson(HtmlReport report, JsonObject json, string caption, string cssClass, string nullText = "null") =>
        report.AddProperties(json.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? nullText : Brief(p.Value))), caption, cssClass);

    /// <summary>The rows, input columns and (classifiers) label distribution of <paramref name="scored"/>, the model's output on labelled data.</summary>
    public static DataSummary Summarize(string name, IDataView scored, ModelView model)
    {
        var columns = model.InputSchema.Where(c => !c.IsHidden)
            .Select(c => KeyValuePair.Create(c.Name, c.Name == model.LabelColumn ? $"{c.Type} (label, {Evaluation.Name(model.Task)})" : c.Type.ToString() ?? "?"))
            .ToArray();
        IReadOnlyList<string>? names = model.Task == FeedForwardTask.Regression ? null : ClassNames(model, scored);
        var counts = new long[names?.Count ?? 0];
        // The class index of each row's prepared label (a binary label's key: 0 when missing): false/true 0/1, key k k - 1.
        IReadOnlyList<object> labels = DataViewValues.Read(scored, scored.Schema[model.Classes?.KeyColumnName ?? model.LabelColumn]);
        foreach (int k in labels.Select(v => v switch { bool b => b ? 1 : 0, uint key => (int)key - 1, _ => -1 }).Where(k => k >= 0 && k < counts.Length))
        {
            counts[k]++;
        }

        return new DataSummary(name, labels.Count, columns, model.LabelColumn, names?.Select((v, i) => KeyValuePair.Create(v, counts[i])).ToArray());
    }

    // The class names in class-index order: the prepared label's classes, else the label key's values, else false/true.
    private static IReadOnlyList<string>? ClassNames(ModelView model, IDataView scored)
    {
        if (model.Classes is { } classes)
        {
            return classes.Values;
        }

        DataViewSchema.Column? label = scored.Schema.GetColumnOrNull(model.LabelColumn);
        return label?.Type switch
        {
            BooleanDataViewType => ["false", "true"],
            KeyDataViewType key => Enumerable.Range(0, (int)key.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            _ => null,
        };
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
