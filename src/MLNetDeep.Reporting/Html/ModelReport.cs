namespace MLNetDeep.Reporting.Html;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;

/// <summary>
/// The sections of a report about one ML.NET model: its training (curves and learning rate from the training record
/// MLNetDeep's feed-forward networks carry, read with <c>ml.Model.GetFeedForwardInfo</c>), an evaluation on labelled
/// data (ML.NET's evaluators: metrics, confusion matrix, and the decision boundary when the model reads exactly two
/// numeric columns), its options and what it is. A model of another trainer (FastTree, SDCA...) gets every section it
/// can (the evaluation, the model's transformers) and a sentence saying what it cannot show.
/// </summary>
/// <remarks>
/// <code>
/// ITransformer model = ml.Model.Load("model.zip", out DataViewSchema inputSchema);
/// var page = new ModelReport(ml, model, inputSchema).Create(test, "test.csv", "model.zip");
/// File.WriteAllText("report.html", page.ToString());
/// </code>
/// </remarks>
public sealed class ModelReport
{
    private readonly MLContext _context;

    /// <summary>Reads what the report needs of <paramref name="model"/> (its training record costs one save to memory).</summary>
    /// <param name="context">The ML.NET context (evaluators, model operations).</param>
    /// <param name="model">A fitted or loaded model.</param>
    /// <param name="inputSchema">The schema of the data the model reads (<c>ml.Model.Load</c>'s), or null; with exactly two Single columns a classifier gets its decision boundary. Default null.</param>
    public ModelReport(MLContext context, ITransformer model, DataViewSchema? inputSchema = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        InputSchema = inputSchema;
        Info = context.Model.GetFeedForwardInfo(model);
    }

    /// <summary>The model.</summary>
    public ITransformer Model { get; }

    /// <summary>The schema of the data the model reads, or null.</summary>
    public DataViewSchema? InputSchema { get; }

    /// <summary>The training record of the model's feed-forward network, or null for a model without one (another trainer).</summary>
    public FeedForwardModelInfo? Info { get; }

    /// <summary>The label column the evaluation reads. Default: the training record's, else <c>Label</c>.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// Class names in label order (a Boolean label: [false's, true's]; a key label: key order), shown in the confusion
    /// matrix, the decision boundary and the data summary. Default null: the training record's, else the label's key
    /// values, else false/true or the class indices.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    private string Label => LabelColumnName ?? Info?.LabelColumnName ?? "Label";

    /// <summary>
    /// A whole page: the evaluation on <paramref name="data"/>, the training, the options, a summary of the data and the
    /// model.
    /// </summary>
    /// <param name="data">Labelled data to evaluate on.</param>
    /// <param name="dataName">Where it came from (a file name), for headings.</param>
    /// <param name="modelPath">The model's file, or null. Default null.</param>
    public HtmlReport Create(IDataView data, string dataName, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dataName);
        string model = modelPath is null ? "the model" : Path.GetFileName(modelPath);
        var report = new HtmlReport($"{model} on {Path.GetFileName(dataName)}", $"{Describe()} evaluated on {dataName}.");
        AddEvaluation(report, data, dataName);
        AddTraining(report);
        AddOptions(report);
        report.AddSection("Data", "data").AddDataSummary(DataSummary.Of(dataName, data, Label));
        AddModel(report, modelPath);
        return report;
    }

    /// <summary>
    /// Adds the training section: the loss and metric per epoch and the learning-rate schedule with the rates used, from
    /// the training record; for a model without one, a sentence saying so.
    /// </summary>
    public void AddTraining(HtmlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.AddSection("Training", "training");
        if (Info is not { } info)
        {
            report.AddParagraph($"{NoRecord()} so there are no training curves or learning-rate schedule.");
            return;
        }

        IReadOnlyList<EpochRecord> history = info.History;
        if (history.Count == 0)
        {
            report.AddParagraph("The training record holds no epochs, so there are no training curves.");
            return;
        }

        string continued = info.EarlierRuns.Count == 0 ? "" : $" Continued after {info.DescribeEarlierRuns()}: the curves draw the earlier runs and this one "
            + $"(epochs {info.EarlierEpochs + 1}-{info.EarlierEpochs + history.Count}, the model from epoch {info.EarlierEpochs + info.ModelEpoch}) on one epoch axis, "
            + "a dashed line where each run began, with its learning rate." + string.Concat(info.EarlierRuns.Where(r => r.ClassWeights is not null)
                .Select(r => $" Epochs {r.History[0].Epoch}-{r.History[^1].Epoch} trained with class weights (resolved) {WeightsText(r.ClassWeights!)}."));
        report.AddParagraph(string.Create(CultureInfo.InvariantCulture,
            $"{info.DescribeEpochs()}; loss {info.LossName}; {info.TrainingRows} training rows{(info.ValidationRows > 0 ? $", {info.ValidationRows} validation rows" : "")}.{continued}"));
        report.AddChart(TrainingCharts.Loss(info), "Training loss per epoch (L2 term included) and, with a validation set, the validation loss.");
        report.AddChart(TrainingCharts.Metric(info), $"Training {TrainingCharts.MetricText(info.MetricName)} per epoch over the mini-batches as trained, and on the validation set.");
        AddLearningRate(report, info);
    }

    /// <summary>
    /// Adds an evaluation section on <paramref name="data"/> by ML.NET's evaluator for the model's task (from the training
    /// record, else from the model's output columns: a Boolean <c>PredictedLabel</c> is binary, a key one multiclass, a
    /// lone <c>Score</c> regression): the metrics, the confusion matrix of a classifier and its decision boundary when
    /// <see cref="InputSchema"/> has exactly two Single columns. What cannot be shown is said in a sentence. Returns the
    /// metrics by their ML.NET names (empty when the data could not be evaluated).
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="data">Labelled data, as the model reads it.</param>
    /// <param name="dataName">Where it came from, for the heading.</param>
    public IReadOnlyDictionary<string, double> AddEvaluation(HtmlReport report, IDataView data, string dataName)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dataName);
        report.AddSection($"Evaluation on {dataName}", "evaluation");
        IDataView scored = Model.Transform(data);
        ModelEvaluation? evaluation = ModelEvaluation.Evaluate(_context, scored, Label, Info?.Task, out string? problem);
        if (evaluation is null)
        {
            report.AddParagraph($"No metrics: {problem}");
            return new Dictionary<string, double>();
        }

        report.AddProperties(evaluation.Metrics.Select(m => KeyValuePair.Create(m.Key, Number(m.Value))), $"Metrics on {dataName} (ML.NET's {evaluation.Evaluator})", "metrics");
        if (evaluation.Confusion is { } confusion)
        {
            IReadOnlyList<string> names = ClassNamesFor(scored);
            IReadOnlyList<string>? matrixNames = evaluation.Task == FeedForwardTask.BinaryClassification && names.Count == 2 ? [names[1], names[0]]
                : names.Count == confusion.NumberOfClasses ? names : null;
            report.AddChart(ConfusionMatrixChart.Render(confusion, matrixNames, $"Confusion matrix on {Path.GetFileName(dataName)}"),
                "Rows: actual class; columns: predicted class; cells shaded by their share of the actual class's rows.");
            DataViewSchema.Column[] inputs = InputSchema?.Where(c => !c.IsHidden && c.Name != Label).ToArray() ?? [];
            if (inputs.Length == 2 && inputs.All(c => c.Type == NumberDataViewType.Single))
            {
                AddDecisionBoundary(report, scored, dataName, inputs[0].Name, inputs[1].Name); // a plane of two numeric inputs: else nothing to say
            }
        }

        return evaluation.Metrics;
    }

    /// <summary>Adds the options section: every trainer option as the training record keeps it; for a model without one, a sentence saying so.</summary>
    public void AddOptions(HtmlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.AddSection("Options", "options");
        if (Info is { } info)
        {
            report.AddProperties(info.Options.Select(o => KeyValuePair.Create(o.Key, o.Value.Length == 0 ? "(unset)" : o.Value)), "Trainer options", "options");
        }
        else
        {
            report.AddParagraph($"{NoRecord()} so its trainer's options are not known.");
        }
    }

    /// <summary>Adds the model section: its file, its transformers, its task, label, features, layers and size (what the training record tells).</summary>
    /// <param name="report">The report.</param>
    /// <param name="modelPath">The model's file, or null. Default null.</param>
    public void AddModel(HtmlReport report, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.AddSection("Model", "model");
        var items = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => items.Add(KeyValuePair.Create(name, value));
        if (modelPath is not null)
        {
            Add("file", modelPath);
        }

        Add("transformers", string.Join(", ", PipelineSteps.Of(Model).Select(PipelineSteps.Name)));
        if (InputSchema is { } input)
        {
            Add("input columns", string.Join(", ", input.Where(c => !c.IsHidden).Select(c => $"{c.Name} ({c.Type})")));
        }

        if (Info is { } info)
        {
            Add("task", info.Task.ToString());
            Add("label", info.LabelColumnName);
            Add("features", string.Create(CultureInfo.InvariantCulture, $"{info.FeatureColumnName} ({info.FeatureCount})"));
            if (info.ClassNames.Count > 0)
            {
                Add("classes", string.Join(", ", info.ClassNames));
            }

            Add("layers", string.Join(", ", info.Layers));
            Add("trainable values", info.ParameterCount.ToString(CultureInfo.InvariantCulture));
            Add("loss", info.LossName);
            if (info.ClassWeights is { } weights)
            {
                Add("class weights (resolved)", WeightsText(weights));
            }

            if (info.LabelMean is double mean && info.LabelStandardDeviation is double sd)
            {
                Add("label scaling", string.Create(CultureInfo.InvariantCulture, $"output * {sd:G6} + {mean:G6} (trained on the standardized label)"));
            }

            Add("trained by", $"MLNetDeep {info.LibraryVersion} ({info.Backend} engine)");
        }
        else
        {
            Add("trained by", $"another trainer ({PipelineSteps.Name(PipelineSteps.Of(Model).LastOrDefault() ?? Model)}); the model holds no MLNetDeep training record");
        }

        report.AddProperties(items, "Model", "model-info");
    }

    /// <summary>What the model is, in words: e.g. <c>an MLNetDeep binary classifier</c> or <c>a model of another trainer (FastTreeBinaryModelParameters)</c>.</summary>
    public string Describe() => Info is { } info
        ? $"an MLNetDeep {info.Task switch { FeedForwardTask.BinaryClassification => "binary classifier", FeedForwardTask.MulticlassClassification => "multiclass classifier", _ => "regression model" }}"
        : $"a model of another trainer ({PipelineSteps.Name(PipelineSteps.Of(Model).LastOrDefault() ?? Model)})";

    private static string WeightsText(IEnumerable<KeyValuePair<string, float>> weights) =>
        string.Join(", ", weights.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key}: {w.Value}")));

    private string NoRecord() => $"The model holds no MLNetDeep training record (it is {Describe()}),";

    private void AddLearningRate(HtmlReport report, FeedForwardModelInfo info)
    {
        if (!info.Options.TryGetValue("LearningRateSchedule", out string? name) || !info.Options.TryGetValue("LearningRate", out string? rateText)
            || !double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0)
            || !info.Options.TryGetValue("NumberOfEpochs", out string? epochsText) || !int.TryParse(epochsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epochs) || epochs < 1)
        {
            report.AddParagraph("The training record does not say the learning rate, its schedule and the epochs, so there is no learning-rate chart.");
            return;
        }

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

        double[] used = [.. info.EarlierRuns.SelectMany(r => r.History).Concat(info.History).Select(h => h.LearningRate)];
        double max = used.Where(double.IsFinite).DefaultIfEmpty(rate).Max();
        double min = used.Where(v => v > 0).DefaultIfEmpty(rate).Min();
        report.AddChart(TrainingCharts.LearningRate(schedule, rate, epochs, info, logY: max / min > 100),
            $"The schedule {schedule.Name} from learning rate {rateText} over {epochs} epochs, and the rates {(info.EarlierRuns.Count == 0 ? "the run" : "each run")} used.");
    }

    /// <summary>
    /// Adds the decision boundary of a classifier over the plane of two Single input columns: its prediction on a grid
    /// (the probability of the positive class for a binary classifier, the predicted class for a multiclass one),
    /// scored by the whole model, with the points of <paramref name="scored"/> coloured by their label. When the model's
    /// <see cref="InputSchema"/> has the label column (a pipeline that prepares its own label), the grid carries it
    /// empty. What cannot be drawn (a regression model, a label that is not a class label, a model that needs other
    /// inputs) is said in a sentence instead.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="scored">The model's output on labelled data (<c>Model.Transform(data)</c>): the points and their labels.</param>
    /// <param name="dataName">Where the data came from, for the title and caption.</param>
    /// <param name="xColumn">The input column along the horizontal axis.</param>
    /// <param name="yColumn">The input column along the vertical axis.</param>
    public void AddDecisionBoundary(HtmlReport report, IDataView scored, string dataName, string xColumn, string yColumn)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(dataName);
        ArgumentNullException.ThrowIfNull(xColumn);
        ArgumentNullException.ThrowIfNull(yColumn);
        FeedForwardTask? task = Info?.Task ?? ModelEvaluation.TaskOf(scored.Schema);
        string? svg = null, problem = "the model is not a classifier.";
        if (task is FeedForwardTask.BinaryClassification or FeedForwardTask.MulticlassClassification)
        {
            svg = DecisionBoundaryPlot.Render(_context, Model, InputSchema, scored, xColumn, yColumn, Label, task.Value, ClassNamesFor(scored), dataName, out problem);
        }

        if (svg is null)
        {
            report.AddParagraph($"No decision boundary: {problem}");
            return;
        }

        report.AddChart(svg, $"The model's prediction over the plane of its two inputs ({xColumn}, {yColumn}) with the points of {dataName} coloured by their label.");
    }

    private IReadOnlyList<string> ClassNamesFor(IDataView scored)
    {
        if (ClassNames is { } given)
        {
            return given;
        }

        if (Info is { ClassNames.Count: > 0 } info)
        {
            return info.ClassNames;
        }

        DataViewSchema.Column? label = scored.Schema.GetColumnOrNull(Label);
        return label?.Type is BooleanDataViewType || (label?.Type == NumberDataViewType.Single && (Info?.Task ?? ModelEvaluation.TaskOf(scored.Schema)) == FeedForwardTask.BinaryClassification) ? ["false", "true"] : label is { } l ? LabelValues.KeyNames(l) ?? [] : [];
    }

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G6", CultureInfo.InvariantCulture);
}
