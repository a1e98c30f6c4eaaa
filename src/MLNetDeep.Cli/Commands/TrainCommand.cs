namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// <c>mlnetdeep train</c>: builds a real ML.NET pipeline from a CSV (or IDX) file — MLNetDeep's label preparation,
/// automatic featurization of the inferred columns, and the feed-forward trainer with every knob from the flags — fits
/// it, measures it with ML.NET's evaluators on the training data and the test data (when given), and saves a normal
/// ML.NET model zip that <c>mlContext.Model.Load</c> opens.
/// </summary>
internal sealed class TrainCommand
{
    /// <summary>The values of <c>--task</c>.</summary>
    internal static readonly Dictionary<string, FeedForwardTask> Tasks = new()
    {
        ["binary"] = FeedForwardTask.BinaryClassification,
        ["multiclass"] = FeedForwardTask.MulticlassClassification,
        ["regression"] = FeedForwardTask.Regression,
    };

    private readonly Option<string> _data = new("--data") { Description = "Training data: a CSV/TSV file with a header, or an IDX prefix P (P-images-idx3-ubyte[.gz]).", Required = true, HelpName = "FILE" };
    private readonly Option<string> _label = new("--label") { Description = "The label column (Label is the IDX label column).", HelpName = "COLUMN", DefaultValueFactory = _ => "Label" };
    private readonly Option<FeedForwardTask> _task = OptionFactory.Choice("--task", "The task (required unless --initial-model gives it).", Tasks);
    private readonly Option<string> _model = new("--model") { Description = "The model file to write, an ML.NET model zip (replaced only once the new one is complete).", Required = true, HelpName = "OUT.zip" };
    private readonly Option<string?> _test = new("--test") { Description = "Test data (the training data's columns).", HelpName = "FILE" };
    private readonly Option<double?> _testFraction = OptionFactory.Number<double>("--test-fraction", "Hold out this fraction of the training rows as test data (stratified by label for classification).", "X");
    private readonly Option<string[]?> _features = OptionFactory.Parsed("--features", "Feature columns. Default: every column but the label, except constant or empty ones.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<string[]?> _categorical = OptionFactory.Parsed("--categorical", "Treat these columns as categorical (one-hot), even when they hold numbers.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<string[]?> _freeText = OptionFactory.Parsed("--free-text", "Treat these columns as free text (ML.NET's FeaturizeText: word and character n-grams).", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<bool> _noNormalize = new("--no-normalize") { Description = "Do not standardize the numeric features ((x - mean) / stddev by default)." };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (task, metrics, trainSeconds, epochs, options) on stdout and nothing else." };
    private readonly Option<string?> _report = new("--report") { Description = "Also write a self-contained HTML report (training curves, learning rate, evaluation, confusion matrix, decision boundary for two features, options, data).", HelpName = "REPORT.html" };
    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();
    private readonly Option<string?> _initialModel = new("--initial-model") { Description = "Continue training the network of this model zip (one 'train' or 'tune' wrote) on --data: its label mapping and featurization are reused, and it decides the task, label and architecture. The input is replaced only when --model names it.", HelpName = "MODEL.zip" };
    private readonly Option<bool> _checkGradients = new("--check-gradients") { Description = "Before training, check the back-propagation of the network these flags build against centered differences on the first training rows (--check-gradients-rows; 50 components of each parameter tensor); a failed check stops with exit code 1 and writes no model." };
    private readonly Option<int?> _checkGradientsRows = new("--check-gradients-rows") { Description = "With --check-gradients: how many of the first training rows make the checked batch (at least 1; 2 with batch norm). Default 16.", HelpName = "N" };
    private readonly Option<double?> _checkGradientsEpsilon = new("--check-gradients-epsilon") { Description = "With --check-gradients: the step of the centered differences (a positive float32). Default 1e-3.", HelpName = "EPS" };
    private readonly TrainerFlags _flags = new();

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("train", "Train a feed-forward network on a CSV/TSV or IDX file and save it as an ML.NET model zip.");
        foreach (Option o in new Option[] { _data, _label, _task, _model, _initialModel, _test, _testFraction, _features, _categorical, _freeText, _decimalMarker, _noNormalize, _json, _report, _checkGradients, _checkGradientsRows, _checkGradientsEpsilon }.Concat(_flags.Options))
        {
            command.Add(o);
        }

        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        using SavedModel? initial = r.GetValue(_initialModel) is string initialPath ? SavedModel.Load(new MLContext(seed: 0), initialPath) : null;
        Request request = Read(r, initial);
        foreach (string note in TrainerFlags.Unused(request.Options))
        {
            console.Error.WriteLine(note);
        }

        var ml = new MLContext(request.Options.Seed);
        Source data = initial is null ? Source.Load(ml, request, console) : Source.Continue(ml, request, initial, console);
        CheckClassWeights(request.Options, data.Classes, request.Label);

        (IDataView train, IDataView? test, string? testName) = Split(ml, request, data.Train, data.Test, data.Classes);
        using TransformerChain<ITransformer> model = Fit(ml, request, data, train, console, out double seconds);
        LabelClasses? classes = data.Classes;
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(model)!;
        Evaluation.Result trainMetrics = Evaluation.Evaluate(ml, request.Task, model.Transform(train), request.Label, classes?.KeyColumnName, console,
            $"{request.DataPath} (the training rows)", noteSkipped: false);
        Evaluation.Result? testMetrics = test is null ? null
            : Evaluation.Evaluate(ml, request.Task, model.Transform(test), request.Label, classes?.KeyColumnName, console, testName!);
        JsonObject run = RunJson(request, data, r, trainMetrics, testMetrics, testName, seconds);
        ModelFile.Save(ml, model, data.ModelInputSchema, request.ModelPath, run);
        if (request.ReportPath is not null)
        {
            WriteReport(ml, request, data, model, info, classes, run, train, test, testName, testMetrics ?? trainMetrics);
            console.Error.WriteLine($"report written to {request.ReportPath}");
        }

        Print(console, request, info, seconds, trainMetrics, testMetrics);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The arguments, checked before any data is read: option combinations, output paths and every trainer flag; with
    /// <paramref name="initial"/>, the task, label and architecture flags against the model (<see cref="Continuing"/>), the
    /// flags not given taking the model's options (<see cref="InitialOptions"/>).
    /// </summary>
    private Request Read(ParseResult r, SavedModel? initial)
    {
        string dataPath = r.GetValue(_data)!;
        string modelPath = r.GetValue(_model)!;
        string? testPath = r.GetValue(_test);
        string? reportPath = r.GetValue(_report);
        double? testFraction = r.GetValue(_testFraction);
        FeedForwardTask task = initial is null ? Given(r, _task) ? r.GetValue(_task) : throw CliException.Usage("--task is required (binary, multiclass or regression) unless --initial-model gives it.")
            : Continuing(r, initial);
        string[] inputs = [.. DataFile.FilesOf(dataPath), .. testPath is null ? [] : DataFile.FilesOf(testPath)];
        if (reportPath is not null)
        {
            OutputPaths.Check(reportPath, "--report", "report.html", [.. inputs, modelPath, initial?.Path]);
        }

        OutputPaths.Check(modelPath, "--model", "model.zip", [.. inputs, reportPath]);

        if (testPath is not null && testFraction is not null)
        {
            throw CliException.Usage("--test and --test-fraction cannot be used together.");
        }

        if (initial is not null && r.GetValue(_checkGradients))
        {
            throw CliException.Usage("--check-gradients cannot be used with --initial-model: the check is of a freshly initialized network (--seed), not of the model's weights.");
        }

        if (r.GetValue(_checkGradientsRows) is int checkRows && (checkRows < 1 || !r.GetValue(_checkGradients)))
        {
            throw CliException.Usage($"--check-gradients-rows {checkRows}: {(checkRows < 1 ? "the checked batch needs at least 1 row" : "give it with --check-gradients, whose batch it sizes")}.");
        }

        if (r.GetValue(_checkGradientsEpsilon) is double eps && (!((float)eps > 0 && float.IsFinite((float)eps)) || !r.GetValue(_checkGradients)))
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--check-gradients-epsilon {eps:g}: {(r.GetValue(_checkGradients)
                ? "the step must be a positive number that float32 holds (from about 1e-45 to 3e38), e.g. 1e-3" : "give it with --check-gradients, whose step it sets")}."));
        }

        if (testFraction is double f && !(f > 0 && f < 1))
        {
            throw CliException.Usage($"--test-fraction {f.ToString(CultureInfo.InvariantCulture)}: the fraction must be strictly between 0 and 1.");
        }

        FeedForwardTrainerOptions options = initial is null ? _flags.Apply(r, Defaults(task)) : InitialOptions(r, initial, Defaults(task));
        string label = initial?.LabelColumn ?? r.GetValue(_label)!;
        CsvInferenceOptions inference = Inference(label, r.GetValue(_features), r.GetValue(_categorical), r.GetValue(_freeText)) with { DecimalMarker = r.GetValue(_decimalMarker) };
        if (inference.ColumnKinds.ContainsKey(label))
        {
            throw CliException.Usage($"--categorical/--free-text '{label}': the label column is not a feature.");
        }

        options = options with { LabelColumnName = label, FeatureColumnName = FeaturizationTransformsCatalog.DefaultFeatureColumnName };
        return new Request(task, dataPath, testPath, testFraction, modelPath, reportPath, label, inference, !r.GetValue(_noNormalize), r.GetValue(_json), options, initial?.Path, r.GetValue(_checkGradients), r.GetValue(_checkGradientsRows), (float?)r.GetValue(_checkGradientsEpsilon));
    }

    /// <summary>
    /// The task of <c>--initial-model</c>, after checking the flags that contradict the model: another <c>--task</c> or
    /// <c>--label</c>, and the featurization flags (the model's featurization is reused).
    /// </summary>
    private FeedForwardTask Continuing(ParseResult r, SavedModel initial)
    {
        if (initial.Info is not { } info)
        {
            throw CliException.Failure(initial.NotFeedForward("there is no network to continue training"));
        }

        if (Given(r, _task) && r.GetValue(_task) != info.Task)
        {
            throw CliException.Usage($"--task {Evaluation.Name(r.GetValue(_task))}: the initial model {initial.Path} is a {Evaluation.Name(info.Task)} model.");
        }

        if (Given(r, _label) && r.GetValue(_label) != initial.LabelColumn)
        {
            throw CliException.Usage($"--label {r.GetValue(_label)}: the initial model {initial.Path} was trained on the label '{initial.LabelColumn}'.");
        }

        foreach (Option o in new Option[] { _features, _categorical, _freeText, _noNormalize }.Where(o => r.GetResult(o) is { Implicit: false }))
        {
            throw CliException.Usage($"{o.Name} cannot be used with --initial-model: the model's featurization (its columns, categories and normalization) is reused.");
        }

        return info.Task;
    }

    /// <summary>
    /// <paramref name="defaults"/> with every knob the initial model records set as it has it, so that flags not given
    /// continue with the model's own options; an architecture flag (<see cref="FeedForwardKnobs.Architecture"/>) given
    /// with another value is a usage error naming both.
    /// </summary>
    private FeedForwardTrainerOptions InitialOptions(ParseResult r, SavedModel initial, FeedForwardTrainerOptions defaults)
    {
        IReadOnlyDictionary<string, string> recorded = initial.Info!.Options;
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All.Where(k => recorded.ContainsKey(k.Name)))
        {
            defaults = knob.Apply(defaults, recorded[knob.Name]);
        }

        FeedForwardTrainerOptions options = _flags.Apply(r, defaults);
        foreach (FeedForwardKnob knob in FeedForwardKnobs.Architecture.Where(k => recorded.ContainsKey(k.Name) && k.Format(options) != recorded[k.Name]))
        {
            throw CliException.Usage($"{knob.Flag} {knob.Format(options)}: the initial model {initial.Path} has {knob.Flag} {(recorded[knob.Name].Length == 0 ? "none" : recorded[knob.Name])}; it decides the network's architecture.");
        }

        return options;
    }

    private static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };

    /// <summary>The trainer options of <paramref name="task"/>, every knob at its default.</summary>
    internal static FeedForwardTrainerOptions Defaults(FeedForwardTask task) => task switch
    {
        FeedForwardTask.BinaryClassification => new FeedForwardBinaryTrainer.Options(),
        FeedForwardTask.MulticlassClassification => new FeedForwardMulticlassTrainer.Options(),
        _ => new FeedForwardRegressionTrainer.Options(),
    };

    /// <summary>The feed-forward trainer of <paramref name="task"/> on ML.NET's catalog, with <paramref name="options"/> (the task's options record).</summary>
    internal static FeedForwardTrainerBase Trainer(MLContext ml, FeedForwardTask task, FeedForwardTrainerOptions options) => task switch
    {
        FeedForwardTask.BinaryClassification => ml.BinaryClassification.Trainers.FeedForward((FeedForwardBinaryTrainer.Options)options),
        FeedForwardTask.MulticlassClassification => ml.MulticlassClassification.Trainers.FeedForward((FeedForwardMulticlassTrainer.Options)options),
        _ => ml.Regression.Trainers.FeedForward((FeedForwardRegressionTrainer.Options)options),
    };

    /// <summary>
    /// The column inference of <c>--features</c> (null or empty: every column but the label), <c>--categorical</c> and
    /// <c>--free-text</c>; a column in both of the latter is a usage error.
    /// </summary>
    internal static CsvInferenceOptions Inference(string label, string[]? features, string[]? categorical, string[]? freeText)
    {
        var kinds = new Dictionary<string, CsvColumnKind>(StringComparer.Ordinal);
        foreach (string c in categorical ?? [])
        {
            kinds[c] = CsvColumnKind.Categorical;
        }

        foreach (string c in freeText ?? [])
        {
            if (!kinds.TryAdd(c, CsvColumnKind.Text))
            {
                throw CliException.Usage($"--free-text '{c}': the column is also in --categorical.");
            }
        }

        return new CsvInferenceOptions { LabelColumnName = label, FeatureColumnNames = features is { Length: > 0 } ? features : null, ColumnKinds = kinds };
    }

    /// <summary>How many columns of each kind <see cref="Describe"/> names.</summary>
    internal const int DescribedColumns = 20;

    /// <summary>One line per kind on stderr: what the inference made of the columns (at most <see cref="DescribedColumns"/> named per kind), and a separator other than a comma or tab.</summary>
    internal static void Describe(CliConsole console, TrainingSet data)
    {
        if (data.Train.Inference is not { } csv)
        {
            return;
        }

        if (csv.Separator != (Path.GetExtension(csv.Path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ','))
        {
            console.Error.WriteLine($"{csv.Path}: fields separated by {(csv.Separator == '\t' ? "tabs" : $"'{csv.Separator}'")} (found in the header)");
        }

        foreach (var group in csv.Columns.Where(c => c.Kind != CsvColumnKind.Label).GroupBy(c => c.Kind))
        {
            // A wide file (thousands of columns) gets the first few named and a count, not a line of thousands of names.
            var shown = group.Take(DescribedColumns).Select(c => $"{c.Name} ({c.Reason})");
            int more = group.Count() - DescribedColumns;
            console.Error.WriteLine($"{group.Key.ToString().ToLowerInvariant()} columns: {string.Join(", ", shown)}{(more > 0 ? $", ... and {more} more ({group.Count()} in all)" : "")}");
        }
    }

    /// <summary>Fits the label preparation on the training file; says which class is positive; checks the test file's labels.</summary>
    internal static (ITransformer Label, LabelClasses? Classes) PrepareLabel(MLContext ml, FeedForwardTask task, string labelColumn, TrainingSet data, CliConsole console)
    {
        ITransformer label;
        try
        {
            label = ml.Transforms.PrepareLabel(task, labelColumn).Fit(data.Train.View);
        }
        catch (ArgumentException e)
        {
            throw CliException.Failure($"{data.Train.Path}: {e.Message.Replace($"{nameof(LabelPreparationEstimator)}: ", "", StringComparison.Ordinal)}");
        }

        LabelClasses? classes = LabelClasses.FromSchema(label.GetOutputSchema(data.Train.View.Schema), labelColumn);
        if (classes is { Task: FeedForwardTask.BinaryClassification })
        {
            console.Error.WriteLine($"label '{labelColumn}': positive class '{classes.Positive}', negative class '{classes.Negative}'");
        }

        if (data.Test is { } test && classes is not null)
        {
            classes.CheckValues(test.View, test.Path);
        }

        return (label, classes);
    }

    /// <summary>The training rows and the test rows: the test file, a stratified hold-out of the training file, or none.</summary>
    private static (IDataView Train, IDataView? Test, string? TestName) Split(MLContext ml, Request request, DataFile train, DataFile? test, LabelClasses? classes)
    {
        if (request.TestFraction is not double fraction)
        {
            return (train.View, test?.View, test?.Path);
        }

        StratifiedTrainTestData split;
        try
        {
            split = ml.Data.StratifiedTrainTestSplit(train.View, classes is null ? null : request.Label, fraction, request.Options.Seed);
        }
        catch (ArgumentException e) when (e.ParamName == "testFraction")
        {
            throw new InvalidDataException($"--test-fraction {fraction.ToString(CultureInfo.InvariantCulture)} of {request.DataPath}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}", e);
        }

        return (split.TrainSet, split.TestSet, $"the held-out test rows ({DataViewValues.CountRows(split.TestSet)})");
    }

    /// <summary>
    /// Fits the featurization (or reuses the initial model's) and the trainer on the prepared training rows (continuing
    /// the initial model's network), with progress and cancellation.
    /// </summary>
    private static TransformerChain<ITransformer> Fit(MLContext ml, Request request, Source data, IDataView train, CliConsole console, out double seconds)
    {
        ITransformer[] steps = data.Steps;
        IDataView labelled = Labelled(ml, new TransformerChain<ITransformer>(steps).Transform(train), request.Label, data.Classes, request.DataPath, console);
        if (data.Features is { } features)
        {
            steps = [.. steps, ml.Transforms.FeaturizeColumns(features, request.Options.FeatureColumnName, request.Normalize).Fit(labelled)];
            labelled = steps[^1].Transform(labelled);
        }

        IDataView featurized = labelled;
        if (request.CheckGradients)
        {
            CheckGradients(console, Trainer(ml, request.Task, request.Options), featurized, request.CheckGradientsRows, request.CheckGradientsEpsilon);
        }

        var clock = Stopwatch.StartNew();
        double? earlier = null; // a resumed run's earlier processes: the training time its checkpoint recorded, less this process's so far
        ITransformer network;
        try
        {
            network = TrainingProgress.Run<ITransformer>(console, request.Options.NumberOfEpochs, Evaluation.EpochMetricName(request.Task), progress =>
                Trainer(ml, request.Task, request.Options with
                {
                    Progress = r =>
                    {
                        earlier ??= Math.Max(0, r.TrainingSeconds - clock.Elapsed.TotalSeconds);
                        progress(r);
                    },
                }).Fit(featurized, null, data.Network, console.Cancellation));
        }
        catch (OperationCanceledException) when (request.Options.CheckpointFolder is string folder && File.Exists(Path.Combine(folder, "training.ckpt")))
        {
            throw CliException.Cancelled($"cancelled; no model was written. The checkpoint {Path.Combine(folder, "training.ckpt")} is kept: the same command with --resume continues from it.");
        }

        seconds = clock.Elapsed.TotalSeconds + (earlier ?? 0);
        return new TransformerChain<ITransformer>([.. steps, network]);
    }

    /// <summary>
    /// Refuses, before training, <c>--class-weight</c> with another count of weights than the label has classes, naming
    /// the classes as the file writes them (the trainer would say false, true for binary).
    /// </summary>
    internal static void CheckClassWeights(FeedForwardTrainerOptions options, LabelClasses? classes, string label)
    {
        if (options is FeedForwardClassifierOptions { ClassWeights: { Weights: { } weights } given } && classes?.Values is { } names && weights.Count != names.Count)
        {
            throw CliException.Usage($"--class-weight {given}: {weights.Count} weights, but the label '{label}' has {names.Count} classes ({string.Join(", ", names)}); give one weight per class, in that order.");
        }
    }

    /// <summary>
    /// <c>--check-gradients</c>: <see cref="FeedForwardTrainerBase.CheckGradients"/> on the first rows, its result on
    /// stderr (on failure with every parameter tensor's difference and the worst components), and exit code 1 when it fails.
    /// </summary>
    private static void CheckGradients(CliConsole console, FeedForwardTrainerBase trainer, IDataView featurized, int? rows, float? epsilon)
    {
        Neural.Training.GradientCheckOptions? settings = epsilon is float step ? FeedForwardTrainerBase.DefaultGradientCheckOptions with { Epsilon = step } : null;
        Neural.Training.GradientCheckReport report = rows is int n ? trainer.CheckGradients(featurized, n, settings) : trainer.CheckGradients(featurized, options: settings);
        double threshold = new Neural.Training.GradientCheckOptions().Threshold;
        TextWriter e = console.Error;
        string stepText = epsilon is float s ? string.Create(CultureInfo.InvariantCulture, $", epsilon {s:0.0e+00}") : "";
        e.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gradient check: difference {report.Difference:0.0e+00} (threshold {threshold:0.0e+00}{stepText}) over {report.Checked} components of {report.Parameters.Count} parameter tensors; {report.CrossedKinks} more crossed a ReLU kink and were left out: {(report.Passed ? "passed" : "FAILED")}"));
        if (report.Passed)
        {
            return;
        }

        foreach (var p in report.Parameters)
        {
            e.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  layer {p.Layer} {p.LayerName} {p.Parameter}: difference {p.Difference:0.0e+00} over {p.Checked} components"));
        }

        foreach (var c in report.Worst)
        {
            e.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  worst: layer {c.Layer} {c.LayerName} {c.Parameter}[{c.Index}]: back-propagation {c.Analytic:G6}, centered difference {c.Numeric:G6}"));
        }

        throw CliException.Failure(report.Worst.Any(c => !c.Passed) || report.Difference > threshold
            ? "the gradient check failed: back-propagation disagrees with centered differences (above); no model was written."
            : $"the gradient check compared no component of {string.Join(", ", report.Parameters.Where(p => p.Checked == 0).Select(p => $"layer {p.Layer} {p.LayerName} {p.Parameter}"))}: each one sampled crossed a ReLU kink; no model was written.");
    }

    /// <summary>
    /// <paramref name="prepared"/> (label prepared) without the rows whose label is missing (the binary label's key, the
    /// multiclass key, the regression label's NaN), with a note on stderr saying how many; no rows left is an error
    /// naming the label column.
    /// </summary>
    internal static IDataView Labelled(MLContext ml, IDataView prepared, string label, LabelClasses? classes, string dataName, CliConsole console)
    {
        (IDataView labelled, long rows, long kept) = Evaluation.WithLabel(ml, prepared, classes?.KeyColumnName ?? label, console, dataName);
        return kept > 0 ? labelled : throw new InvalidDataException($"{dataName} has no rows with a label in column '{label}' to train on: all {rows} rows have a missing label (empty, ?, NA, N/A, NaN or null).");
    }

    /// <summary>What the model zip keeps of this run beside the model (<see cref="RunRecord"/>).</summary>
    private JsonObject RunJson(Request request, Source data, ParseResult r, Evaluation.Result train, Evaluation.Result? test, string? testName, double seconds) =>
        RunRecord.Create(request.Task, request.Label, data.Columns, new JsonObject
        {
            ["train"] = request.DataPath,
            ["trainRows"] = train.Rows,
            ["test"] = request.TestPath ?? (request.TestFraction is double f ? $"{f.ToString(CultureInfo.InvariantCulture)} of {request.DataPath}" : null),
            ["testRows"] = test?.Rows,
            ["initialModel"] = request.InitialModelPath,
        }, _flags.GivenJson(r), request.Options, train.Metrics, test?.Metrics, testName, seconds);

    private static void WriteReport(MLContext ml, Request request, Source data, ITransformer model, FeedForwardModelInfo info, LabelClasses? classes,
        JsonObject run, IDataView train, IDataView? test, string? testName, Evaluation.Result evaluated)
    {
        var report = new Reporting.Html.HtmlReport($"mlnetdeep train: {Evaluation.Describe(request.Task)} on {Path.GetFileName(request.DataPath)}",
            $"Data {request.DataPath}; model saved to {request.ModelPath}.");
        var view = new ModelView(request.Task, request.Label, classes, info, run, data.ModelInputSchema);
        CliReport.AddTraining(report, ml, model, data.ModelInputSchema);
        CliReport.AddEvaluation(report, ml, view, model, evaluated, test is null ? $"{request.DataPath} (the training rows)" : testName!);
        CliReport.AddOptions(report, view);
        report.AddSection("Data", "data");
        report.AddDataSummary(CliReport.Summarize($"{request.DataPath} (training rows)", model.Transform(train), view));
        if (test is not null)
        {
            report.AddDataSummary(CliReport.Summarize(testName!, model.Transform(test), view));
        }

        CliReport.AddModel(report, view, request.ModelPath);
        CliReport.Save(report, request.ReportPath!);
    }

    private static void Print(CliConsole console, Request request, FeedForwardModelInfo info, double seconds, Evaluation.Result train, Evaluation.Result? test)
    {
        if (request.Json)
        {
            var json = new JsonObject
            {
                ["task"] = Evaluation.Name(request.Task),
                ["metrics"] = (test ?? train).Metrics.DeepClone(),
                ["trainSeconds"] = Metrics.Number(seconds),
                ["epochs"] = info.History.Count,
                ["modelEpoch"] = info.ModelEpoch,
                ["options"] = TrainerFlags.EffectiveJson(request.Options),
            };
            if (info.EarlierEpochs > 0)
            {
                json["earlierEpochs"] = info.EarlierEpochs; // a continued model: the epochs before this run (info --json has the runs)
            }

            Evaluation.WriteJson(console.Out, json);
            return;
        }

        TextWriter o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained a {Evaluation.Describe(request.Task)} on {train.Rows} rows{(CliReport.HeldOut(train.Rows, info) is { } held ? $" ({held})" : "")} in {seconds:F2} s ({info.DescribeEpochs()}); model saved to {request.ModelPath}."));
        Metrics.WriteTable(o, $"Training metrics ({train.Rows} rows):", train.Metrics);
        if (test is not null)
        {
            Metrics.WriteTable(o, $"Test metrics ({test.Rows} rows):", test.Metrics);
        }
    }

    /// <summary>The arguments of one run.</summary>
    private sealed record Request(FeedForwardTask Task, string DataPath, string? TestPath, double? TestFraction, string ModelPath, string? ReportPath,
        string Label, CsvInferenceOptions Inference, bool Normalize, bool Json, FeedForwardTrainerOptions Options, string? InitialModelPath, bool CheckGradients, int? CheckGradientsRows, float? CheckGradientsEpsilon);

    /// <summary>
    /// The data and the steps before the network: a new run's files with their inferred columns, the label preparation
    /// fitted on them and the featurization still to fit (<see cref="Features"/>); or, continuing, the files read with the
    /// initial model's input types and its fitted label preparation and featurization, and its network.
    /// </summary>
    private sealed record Source(DataFile Train, DataFile? Test, LabelClasses? Classes, ITransformer[] Steps, IReadOnlyList<CsvColumn>? Features,
        FeedForwardPredictionTransformer? Network, DataViewSchema ModelInputSchema, JsonObject Columns)
    {
        public static Source Load(MLContext ml, Request request, CliConsole console)
        {
            TrainingSet data = TrainingSet.Load(ml, request.DataPath, request.TestPath, request.Inference);
            Describe(console, data);
            (ITransformer label, LabelClasses? classes) = PrepareLabel(ml, request.Task, request.Label, data, console);
            return new Source(data.Train, data.Test, classes, [label], data.Features, null, data.ModelInputSchema, RunRecord.Columns(data, request.Normalize));
        }

        public static Source Continue(MLContext ml, Request request, SavedModel initial, CliConsole console)
        {
            char marker = request.Inference.DecimalMarker;
            DataFile train = initial.LoadData(ml, request.DataPath, marker, withLabel: true);
            DataFile? test = request.TestPath is string testPath ? initial.LoadData(ml, testPath, marker, withLabel: true) : null;
            foreach (DataFile file in new[] { train, test }.OfType<DataFile>())
            {
                initial.Classes?.CheckValues(file.View, file.Path);
            }

            // The steps before the network (the network is the last step of a model train wrote; tune's nests its featurization).
            ITransformer[] steps = [.. Flatten(initial.Transformer)];
            FeedForwardPredictionTransformer? network = steps.Length > 0 && steps[^1] is TransformerChain<ITransformer> last && last.FirstOrDefault() is Microsoft.ML.Transforms.Onnx.OnnxTransformer
                ? ml.Model.GetFeedForwardPredictionTransformer(last) : null;
            if (network is null)
            {
                throw CliException.Failure($"--initial-model {initial.Path}: its feed-forward network is not the last step of its pipeline, so mlnetdeep cannot tell the steps that prepare its features; continue it in C# (trainer.Continue(model, rows)).");
            }

            JsonObject columns = new() { ["featureColumns"] = initial.Run?["featureColumns"]?.DeepClone(), ["ignoredColumns"] = initial.Run?["ignoredColumns"]?.DeepClone(), ["normalize"] = initial.Run?["normalize"]?.DeepClone() };
            string earlier = initial.Info!.EarlierRuns.Count > 0 ? $"; it was continued after {initial.Info.DescribeEarlierRuns()}" : "";
            console.Error.WriteLine($"continuing {initial.Path} ({initial.Info.DescribeEpochs()}{earlier}): its label mapping and featurization are reused");
            return new Source(train, test, initial.Classes, steps[..^1], null, network, initial.InputSchema, columns);
        }

        // A chain's steps, nested chains flattened, down to the network's own chain (its first step the OnnxTransformer).
        private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
            t is TransformerChain<ITransformer> chain && chain.FirstOrDefault() is not Microsoft.ML.Transforms.Onnx.OnnxTransformer ? chain.SelectMany(Flatten) : [t];
    }
}
