namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Legacy.Trainers;

/// <summary>
/// <c>mlnetdeep train</c>: loads the data, maps the label, builds the feature pipeline, trains a feed-forward network
/// with every knob from the flags, evaluates it on the training data and the test data (when given), and saves the
/// model with its metadata.
/// </summary>
internal sealed class TrainCommand
{
    /// <summary>The values of <c>--task</c>.</summary>
    internal static readonly Dictionary<string, TaskKind> Tasks = new()
    {
        ["binary"] = TaskKind.Binary,
        ["multiclass"] = TaskKind.Multiclass,
        ["regression"] = TaskKind.Regression,
    };

    private readonly Option<string> _data = new("--data") { Description = "Training data: a CSV/TSV file with a header, or an IDX prefix P (P-images-idx3-ubyte[.gz]).", Required = true, HelpName = "FILE" };
    private readonly Option<string> _label = new("--label") { Description = "The label column. Default Label (the IDX label column).", HelpName = "COLUMN", DefaultValueFactory = _ => "Label" };
    private readonly Option<TaskKind> _task = OptionFactory.Choice("--task", "The task.", Tasks, required: true);
    private readonly Option<string> _model = new("--model") { Description = "The model file to write (replaced only once the new one is complete).", Required = true, HelpName = "OUT.zip" };
    private readonly Option<string?> _test = new("--test") { Description = "Test data (same columns as the training data).", HelpName = "FILE" };
    private readonly Option<double?> _testFraction = OptionFactory.Number<double>("--test-fraction", "Hold out this fraction of the training rows as test data (stratified by label for classification).", "X");
    private readonly Option<string[]?> _features = OptionFactory.Parsed("--features", "Feature columns. Default: every numeric column but the label. Text columns named here are one-hot encoded.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<bool> _noNormalize = new("--no-normalize") { Description = "Do not standardize the numeric features ((x - mean) / stddev by default)." };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (task, metrics, trainSeconds, epochs) on stdout and nothing else." };
    private readonly Option<string?> _report = new("--report") { Description = "Also write a self-contained HTML report (training curves, learning rate, evaluation, confusion matrix, decision boundary for two features, options, data).", HelpName = "REPORT.html" };
    private readonly TrainerFlags _flags = new();

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("train", "Train a feed-forward network and save it.");
        foreach (Option o in new Option[] { _data, _label, _task, _model, _test, _testFraction, _features, _noNormalize, _json, _report }.Concat(_flags.Options))
        {
            command.Add(o);
        }

        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string dataPath = r.GetValue(_data)!;
        string label = r.GetValue(_label)!;
        TaskKind task = r.GetValue(_task);
        string modelPath = r.GetValue(_model)!;
        string? testPath = r.GetValue(_test);
        double? testFraction = r.GetValue(_testFraction);
        bool json = r.GetValue(_json);
        string? reportPath = r.GetValue(_report);
        if (reportPath is not null)
        {
            ModelReport.CheckPath(reportPath, "--report", modelPath, dataPath, testPath);
        }

        if (testPath is not null && testFraction is not null)
        {
            throw CliException.Usage("--test and --test-fraction cannot be used together.");
        }

        if (testFraction is double f && !(f > 0 && f < 1))
        {
            throw CliException.Usage($"--test-fraction {f.ToString(CultureInfo.InvariantCulture)}: the fraction must be strictly between 0 and 1.");
        }

        FeedForwardTrainerOptions options = task switch
        {
            TaskKind.Binary => _flags.Apply(r, new FeedForwardBinaryTrainer.Options()),
            TaskKind.Multiclass => _flags.Apply(r, new FeedForwardMulticlassTrainer.Options()),
            _ => _flags.Apply(r, new FeedForwardRegressionTrainer.Options()),
        };
        string modelFolder = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        if (!Directory.Exists(modelFolder))
        {
            throw new DirectoryNotFoundException($"the folder of the model file '{modelPath}' does not exist.");
        }

        var context = new DeepContext(options.Seed);
        TrainingData data = TrainingData.Load(context, console, task, dataPath, label, testPath);
        LabelMapping mapping = data.Mapping;
        IDataView trainView = data.Train;
        IDataView? testView = data.Test;
        if (testFraction is double fraction)
        {
            var split = context.Data.TrainTestSplit(trainView, fraction, task == TaskKind.Regression ? null : label, options.Seed);
            trainView = split.TrainSet;
            testView = split.TestSet;
        }

        long trainRows = Scoring.RowCount(trainView);
        if (trainRows == 0)
        {
            throw new InvalidDataException($"{dataPath} has no rows to train on.");
        }

        if (task == TaskKind.Binary)
        {
            console.Error.WriteLine($"label '{label}': positive class '{mapping.Values[1]}', negative class '{mapping.Values[0]}'");
        }

        FeaturePlan plan = FeaturePlan.Choose(trainView.Schema, label, r.GetValue(_features), !r.GetValue(_noNormalize), dataPath);
        ITransformer featurizer = plan.BuildEstimator(context).Fit(trainView);
        IDataView featurized = featurizer.Transform(trainView);
        options = options with { LabelColumnName = label, FeatureColumnName = FeaturePlan.FeatureColumn };
        PredictionTransformerBase predictor = TrainingProgress.Run<PredictionTransformerBase>(console, options.NumberOfEpochs, Scoring.EpochMetricName(task), progress =>
        {
            FeedForwardTrainerOptions o = options with { Progress = progress };
            return task switch
            {
                TaskKind.Binary => context.BinaryClassification.Trainers.FeedForward((FeedForwardBinaryTrainer.Options)o).Fit(featurized, console.Cancellation),
                TaskKind.Multiclass => context.MulticlassClassification.Trainers.FeedForward((FeedForwardMulticlassTrainer.Options)o).Fit(featurized, console.Cancellation),
                _ => context.Regression.Trainers.FeedForward((FeedForwardRegressionTrainer.Options)o).Fit(featurized, console.Cancellation),
            };
        });
        var model = new TransformerChain<ITransformer>(featurizer, predictor);
        FeedForwardModelParameters parameters = predictor.Model;
        JsonObject trainMetrics = Scoring.Evaluate(context, task, model.Transform(trainView), label);
        JsonObject? testMetrics = testView is null ? null : Scoring.Evaluate(context, task, model.Transform(testView), label);
        long testRows = testView is null ? 0 : Scoring.RowCount(testView);

        var dataJson = new JsonObject
        {
            ["train"] = dataPath,
            ["trainRows"] = trainRows,
            ["test"] = testPath ?? (testFraction is null ? null : $"{testFraction.Value.ToString(CultureInfo.InvariantCulture)} of {dataPath}"),
            ["testRows"] = testView is null ? null : testRows,
        };
        JsonObject metadata = ModelMetadata.Create(mapping, plan, dataJson, _flags.GivenJson(r), options, trainMetrics, testMetrics, parameters);
        DataViewSchema inputSchema = DataViewSchema.Create(plan.Columns.Select(c => c.Detach()));
        ModelFile.Save(model, inputSchema, modelPath, metadata);
        if (reportPath is not null)
        {
            string testName = testPath ?? (testFraction is null ? "" : $"the held-out test rows ({testRows})");
            var report = new HtmlReport($"mlnetdeep train: {Scoring.Describe(task)} on {Path.GetFileName(dataPath)}", $"Data {dataPath}; model saved to {modelPath}.");
            ModelReport.AddTraining(report, parameters, metadata, task);
            ModelReport.AddEvaluation(report, context, mapping, model, inputSchema, testView ?? trainView, testView is null ? $"{dataPath} (the training rows)" : testName);
            ModelReport.AddOptions(report, metadata);
            report.AddSection("Data", "data");
            report.AddDataSummary(ModelReport.Summarize($"{dataPath} (training rows)", trainView, mapping));
            if (testView is not null)
            {
                report.AddDataSummary(ModelReport.Summarize(testName, testView, mapping));
            }

            ModelReport.AddModel(report, mapping, parameters, metadata, modelPath);
            ModelReport.Save(report, reportPath);
            console.Error.WriteLine($"report written to {reportPath}");
        }

        if (json)
        {
            Scoring.WriteJson(console.Out, new JsonObject
            {
                ["task"] = mapping.Task.ToString().ToLowerInvariant(),
                ["metrics"] = (testMetrics ?? trainMetrics).DeepClone(),
                ["trainSeconds"] = Metrics.Number(parameters.TrainingSeconds),
                ["epochs"] = parameters.History.Count,
            });
        }
        else
        {
            TextWriter o = console.Out;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trained a {Scoring.Describe(task)} on {trainRows} rows in {parameters.TrainingSeconds:F2} s ({parameters.History.Count} epochs, best {parameters.BestEpoch}); model saved to {modelPath}."));
            Metrics.WriteTable(o, $"Training metrics ({trainRows} rows):", trainMetrics);
            if (testMetrics is not null)
            {
                Metrics.WriteTable(o, $"Test metrics ({testRows} rows):", testMetrics);
            }
        }

        return ExitCodes.Success;
    }
}
