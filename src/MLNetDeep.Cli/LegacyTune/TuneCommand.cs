namespace MLNetDeep.Cli.LegacyTune;

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Legacy.Trainers;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;

/// <summary>
/// (Transitional: still on the look-alike layer until MLNetDeep.AutoML moves onto Microsoft.ML.)
/// <c>mlnetdeep tune</c>: a hyperparameter search (<see cref="AutoMLExperiment"/>) over the feed-forward trainer of the
/// task, with the same data loading, label mapping and feature pipeline as <c>train</c>. Trials are kept in a trial
/// store, so running the same command again resumes the study; the best trial's model is saved with <c>train</c>'s
/// metadata plus the study, and a summary (ranking, parameter importance) is printed.
/// </summary>
internal sealed class TuneCommand
{
    /// <summary>How many ranked trials the text summary shows.</summary>
    private const int TopTrials = 5;

    /// <summary>How many ranked trials the HTML report lists.</summary>
    private const int RankedInReport = 50;

    private const string SpaceExample = """{"parameters": [{"name": "LearningRate", "type": "float", "min": 0.0001, "max": 0.1, "init": 0.001, "scale": "Log"}, {"name": "HiddenUnits1", "type": "int", "min": 16, "max": 256, "init": 64, "scale": "PowerOfTwo"}, {"name": "Optimizer", "type": "choice", "values": ["Momentum", "Adam"], "default": 1}, {"name": "NumberOfEpochs", "type": "int", "min": 5, "max": 20, "init": 10, "scale": "Linear"}]}""";

    /// <summary>The values of <c>--task</c>.</summary>
    internal static readonly Dictionary<string, TaskKind> Tasks = new()
    {
        ["binary"] = TaskKind.Binary,
        ["multiclass"] = TaskKind.Multiclass,
        ["regression"] = TaskKind.Regression,
    };

    private static readonly Dictionary<string, string> Tuners = new()
    {
        ["random"] = "random",
        ["grid"] = "grid",
        ["coarse-to-fine"] = "coarse-to-fine",
        ["hyperband"] = "hyperband",
        ["tpe"] = "tpe",
    };

    private readonly Option<string> _data = new("--data") { Description = "Training data: a CSV/TSV file with a header, or an IDX prefix P (P-images-idx3-ubyte[.gz]).", Required = true, HelpName = "FILE" };
    private readonly Option<string> _label = new("--label") { Description = "The label column. Default Label (the IDX label column).", HelpName = "COLUMN", DefaultValueFactory = _ => "Label" };
    private readonly Option<TaskKind> _task = OptionFactory.Choice("--task", "The task.", Tasks, required: true);
    private readonly Option<string> _model = new("--model") { Description = "Where to save the best trial's model (replaced only once the new one is complete).", Required = true, HelpName = "BEST.zip" };
    private readonly Option<string?> _test = new("--test") { Description = "Validation data scoring every trial (same columns as the training data).", HelpName = "FILE" };
    private readonly Option<int?> _folds = OptionFactory.Number<int>("--folds", "Cross-validate every trial over K folds of the training data (the metric is the mean).", "K");
    private readonly Option<double?> _validationFraction = OptionFactory.Number<double>("--validation-fraction", "Hold out this fraction of the training rows to score the trials (stratified by label for classification). Default 0.2 when neither --test nor --folds is given.", "X");
    private readonly Option<string[]?> _features = OptionFactory.Parsed("--features", "Feature columns. Default: every numeric column but the label. Text columns named here are one-hot encoded.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<bool> _noNormalize = new("--no-normalize") { Description = "Do not standardize the numeric features ((x - mean) / stddev by default)." };
    private readonly Option<string?> _space = new("--space") { Description = "A JSON search space replacing the default one (parameters of FeedForwardSearchSpace; see the example below).", HelpName = "space.json" };
    private readonly Option<string> _tuner = OptionFactory.Choice("--tuner", "How trials are proposed. Default tpe.", Tuners);
    private readonly Option<int?> _trials = OptionFactory.Number<int>("--trials", "Stop when the study holds N trials (trials of earlier runs count).", "N");
    private readonly Option<double?> _time = OptionFactory.Number<double>("--time", "Stop after this many seconds (running trials are stopped and re-queued).", "SECONDS");
    private readonly Option<int?> _parallel = OptionFactory.Number<int>("--parallel", "Trials run at once. Default 1.", "P");
    private readonly Option<string> _storage = new("--storage") { Description = $"Where trials are kept: {string.Join(" or ", TrialStores.KnownSchemes)}. Default memory (nothing kept after the run).", HelpName = "sqlite:PATH|postgres:CONNECTION|memory", DefaultValueFactory = _ => "memory" };
    private readonly Option<string> _study = new("--study") { Description = "The study's name in the store; the same --storage and --study resume it. Default default.", HelpName = "NAME", DefaultValueFactory = _ => "default" };
    private readonly Option<bool> _fork = new("--fork") { Description = "When the study exists with another search space, start a new study NAME@FINGERPRINT instead of refusing." };
    private readonly Option<int?> _seed = OptionFactory.Number<int>("--seed", "Seed of the tuner, the splits and every trial's seed. Default 0.", "S");
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (study, trials, best parameters and metrics, importance) on stdout and nothing else." };
    private readonly Option<string?> _report = new("--report") { Description = "Also write a self-contained HTML report of the study (optimization history, each parameter against the metric, parallel coordinates, ranking, importance, the best trial's options and training curves).", HelpName = "REPORT.html" };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("tune", "Search hyperparameters of the feed-forward network and save the best model. "
            + "At least one of --trials and --time is required. The same --storage and --study resume a study; "
            + "a changed search space is refused unless --fork. "
            + "A --space file lists parameters (float and int with min, max, init and scale Linear, Log, OneMinusLog or PowerOfTwo; "
            + "choice with values and the default's index) named after the default space's: LearningRate, HiddenLayerCount, "
            + "HiddenUnits1..3, DropoutRate, L2Regularization, BatchNormalization, Optimizer, BatchSize, Beta1, Beta2, "
            + "LearningRateDecay, DecayRate, NumberOfEpochs. Example: " + SpaceExample);
        foreach (Option o in new Option[] { _data, _label, _task, _model, _test, _folds, _validationFraction, _features, _noNormalize, _space, _tuner, _trials, _time, _parallel, _storage, _study, _fork, _seed, _json, _report })
        {
            command.Add(o);
        }

        command.SetAction(r => Run(r, console));
        return command;
    }

    /// <summary>The trainer options of one trial: the task's defaults, the label and features, the seed, then the point.</summary>
    internal static FeedForwardTrainerOptions TrialOptions(TaskKind task, string label, Parameter parameters, int seed, int threads)
    {
        FeedForwardTrainerOptions defaults = task switch
        {
            TaskKind.Binary => new FeedForwardBinaryTrainer.Options(),
            TaskKind.Multiclass => new FeedForwardMulticlassTrainer.Options(),
            _ => new FeedForwardRegressionTrainer.Options(),
        };
        defaults = defaults with { LabelColumnName = label, FeatureColumnName = FeaturePlan.FeatureColumn, Seed = seed, NumberOfThreads = threads };
        return FeedForwardSearchSpace.Apply(defaults, parameters);
    }

    /// <summary>One trial's pipeline: the feature steps, then the task's trainer with <paramref name="options"/>.</summary>
    internal static IEstimator<ITransformer> Pipeline(DeepContext context, FeaturePlan plan, TaskKind task, FeedForwardTrainerOptions options)
    {
        IEstimator<ITransformer> trainer = task switch
        {
            TaskKind.Binary => context.BinaryClassification.Trainers.FeedForward((FeedForwardBinaryTrainer.Options)options),
            TaskKind.Multiclass => context.MulticlassClassification.Trainers.FeedForward((FeedForwardMulticlassTrainer.Options)options),
            _ => context.Regression.Trainers.FeedForward((FeedForwardRegressionTrainer.Options)options),
        };
        return plan.BuildEstimator(context).Append(trainer);
    }

    private static SearchSpace LoadSpace(string? path)
    {
        if (path is null)
        {
            return FeedForwardSearchSpace.Create();
        }

        if (!File.Exists(path))
        {
            throw CliException.Usage($"--space '{path}': the file does not exist.");
        }

        SearchSpace space;
        try
        {
            space = SearchSpace.FromJson(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            throw CliException.Usage($"--space '{path}': not a search space: {e.Message} Expected, for example: {SpaceExample}");
        }

        var known = FeedForwardSearchSpace.Create().Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        string[] unknown = space.Parameters.Select(p => p.Name).Where(n => !known.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw CliException.Usage($"--space '{path}': unknown parameter{(unknown.Length == 1 ? "" : "s")} {string.Join(", ", unknown)}; known: {string.Join(", ", known)}.");
        }

        if (space.Count == 0)
        {
            throw CliException.Usage($"--space '{path}': the space has no parameters.");
        }

        return space;
    }

    private static string MetricName(TaskKind task) => task switch
    {
        TaskKind.Binary => "Accuracy",
        TaskKind.Multiclass => "MicroAccuracy",
        _ => "RSquared",
    };

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private int Run(ParseResult r, CliConsole console)
    {
        string dataPath = r.GetValue(_data)!;
        string label = r.GetValue(_label)!;
        TaskKind task = r.GetValue(_task);
        string modelPath = r.GetValue(_model)!;
        string? testPath = r.GetValue(_test);
        int? folds = r.GetValue(_folds);
        double? validationFraction = r.GetValue(_validationFraction);
        int? trials = r.GetValue(_trials);
        double? time = r.GetValue(_time);
        int parallel = r.GetValue(_parallel) ?? 1;
        int seed = r.GetValue(_seed) ?? 0;
        string tuner = r.GetValue(_tuner) ?? "tpe";
        string studyName = r.GetValue(_study)!;
        bool json = r.GetValue(_json);
        string? reportPath = r.GetValue(_report);
        if (reportPath is not null)
        {
            ModelReport.CheckPath(reportPath, "--report", modelPath, dataPath, testPath, r.GetValue(_space));
        }

        if (trials is null && time is null)
        {
            throw CliException.Usage("neither --trials nor --time was given, so the search would never stop and the experiment refuses to start; give --trials N, --time SECONDS or both.");
        }

        if (trials is int n && n < 1)
        {
            throw CliException.Usage($"--trials {n}: at least 1.");
        }

        if (time is double t && !(t > 0 && t <= uint.MaxValue))
        {
            throw CliException.Usage($"--time {t.ToString(CultureInfo.InvariantCulture)}: the time must be a positive number of seconds.");
        }

        if (parallel < 1)
        {
            throw CliException.Usage($"--parallel {parallel}: at least 1.");
        }

        if (new object?[] { testPath, folds, validationFraction }.Count(v => v is not null) > 1)
        {
            throw CliException.Usage("--test, --folds and --validation-fraction are alternatives; give at most one.");
        }

        if (folds is int k && k < 2)
        {
            throw CliException.Usage($"--folds {k}: cross-validation needs at least 2 folds.");
        }

        if (validationFraction is double f && !(f > 0 && f < 1))
        {
            throw CliException.Usage($"--validation-fraction {f.ToString(CultureInfo.InvariantCulture)}: the fraction must be strictly between 0 and 1.");
        }

        if (string.IsNullOrWhiteSpace(studyName))
        {
            throw CliException.Usage("--study: the name is empty.");
        }

        ITrialStore store;
        try
        {
            store = TrialStores.Open(r.GetValue(_storage)!);
        }
        catch (FormatException e)
        {
            throw CliException.Usage($"--storage: {e.Message}");
        }

        SearchSpace space = LoadSpace(r.GetValue(_space));
        string modelFolder = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        if (!Directory.Exists(modelFolder))
        {
            throw new DirectoryNotFoundException($"the folder of the model file '{modelPath}' does not exist.");
        }

        // Load, map and featurize exactly as train does.
        var context = new DeepContext(seed);
        TrainingData data = TrainingData.Load(context, console, task, dataPath, label, testPath);
        IDataView trainView = data.Train;
        IDataView? validationView = data.Test;
        if (folds is null && validationView is null)
        {
            double fraction = validationFraction ?? 0.2;
            var split = context.Data.TrainTestSplit(trainView, fraction, task == TaskKind.Regression ? null : label, seed);
            trainView = split.TrainSet;
            validationView = split.TestSet;
        }

        long trainRows = Scoring.RowCount(trainView);
        if (trainRows == 0)
        {
            throw new InvalidDataException($"{dataPath} has no rows to train on.");
        }

        if (validationView is not null && Scoring.RowCount(validationView) == 0)
        {
            throw new InvalidDataException($"the validation data has no rows (--test or --validation-fraction).");
        }

        LabelMapping mapping = data.Mapping;
        if (task == TaskKind.Binary && !json)
        {
            console.Error.WriteLine($"label '{label}': positive class '{mapping.Values[1]}', negative class '{mapping.Values[0]}'");
        }

        FeaturePlan plan = FeaturePlan.Choose(trainView.Schema, label, r.GetValue(_features), !r.GetValue(_noNormalize), dataPath);

        // Parallel trials share the cores (the thread count never changes results).
        int threads = Math.Max(1, Environment.ProcessorCount / parallel);
        string metricName = MetricName(task);
        var experiment = context.Auto().CreateExperiment(new AutoMLExperimentSettings { Seed = seed })
            .SetPipeline(tc => Pipeline(tc.Context, plan, task, TrialOptions(task, label, tc.Parameters, tc.Settings.Seed, threads)), space)
            .SetParallelism(parallel)
            .SetMonitor(new TuneProgress(console.Error, metricName, EarlierTrials(store, studyName, space, r.GetValue(_fork))))
            .SetTrialStore(store, studyName, r.GetValue(_fork));
        _ = folds is int foldCount ? experiment.SetDataset(trainView, foldCount) : experiment.SetDataset(trainView, validationView!);
        _ = task switch
        {
            TaskKind.Binary => experiment.SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, label),
            TaskKind.Multiclass => experiment.SetMulticlassClassificationMetric(MulticlassClassificationMetric.MicroAccuracy, label),
            _ => experiment.SetRegressionMetric(RegressionMetric.RSquared, label),
        };
        if (trials is int maxTrials)
        {
            experiment.SetMaxModelToExplore(maxTrials);
        }

        if (time is double seconds)
        {
            experiment.SetTrainingTimeInSeconds((uint)Math.Ceiling(seconds));
        }

        int maxEpochs = space.Parameters.OfType<IntParameter>().FirstOrDefault(p => p.Name == FeedForwardSearchSpace.NumberOfEpochs)?.Max
            ?? TrialOptions(task, label, space.Default, 0, 1).NumberOfEpochs;
        _ = tuner switch
        {
            "random" => experiment.SetRandomSearchTuner(),
            "grid" => experiment.SetGridSearchTuner(),
            "coarse-to-fine" => experiment.SetCoarseToFineTuner(trialsPerRound: Math.Clamp((trials ?? 40) / 4, 2, 10)),
            "hyperband" => experiment.SetHyperbandTuner(minEpochs: 1, maxEpochs: maxEpochs),
            _ => experiment.SetTpeTuner(startupTrials: Math.Clamp((trials ?? 40) / 4, 2, 10)),
        };

        TrialResult best;
        try
        {
            best = experiment.RunAsync(console.Cancellation).GetAwaiter().GetResult();
        }
        catch (StudyMismatchException)
        {
            // Not the storage string in the message: a connection string may hold a password.
            throw CliException.Failure($"--study '{studyName}' exists with another search space (or metric) than this run's, so resuming it is refused "
                + $"(it would mix incompatible trials). Add --fork to start the new study '{studyName}@{space.Fingerprint[..8]}' from this search space, "
                + "use another --study, or give the original --space.");
        }
        catch (TimeoutException)
        {
            throw CliException.Failure($"no trial completed within --time {Number(time ?? 0)} s; nothing was written. Give more time or a smaller space (fewer epochs).");
        }

        bool cancelled = console.Cancellation.IsCancellationRequested;
        string study = experiment.Study!.Name;
        if (study != studyName)
        {
            console.Error.WriteLine($"the search space differs from study '{studyName}': forked study '{study}'.");
        }

        // A best trial from an earlier run (or another worker) has no model in this process: refit it from its parameters
        // and seed, on the same data (all the training rows under cross-validation).
        FeedForwardTrainerOptions options = TrialOptions(task, label, best.TrialSettings.Parameters, best.TrialSettings.Seed, threads);
        ITransformer model = best.Model ?? Refit(console, plan, task, options, best, trainView, folds is null ? validationView : null);

        PredictionTransformerBase predictor = Predictor(model);
        JsonObject trainMetrics = Scoring.Evaluate(context, task, model.Transform(trainView), label);
        JsonObject? validationMetrics = validationView is null ? null : Scoring.Evaluate(context, task, model.Transform(validationView), label);
        var dataJson = new JsonObject
        {
            ["train"] = dataPath,
            ["trainRows"] = trainRows,
            ["test"] = testPath ?? (folds is int kk ? $"{kk}-fold cross-validation of {dataPath}" : $"{Number(validationFraction ?? 0.2)} of {dataPath}"),
            ["testRows"] = validationView is null ? null : Scoring.RowCount(validationView),
        };
        JsonObject parametersJson = (JsonObject)JsonNode.Parse(best.TrialSettings.Parameters.ToJson())!;
        JsonObject metadata = ModelMetadata.Create(data.Mapping, plan, dataJson, new JsonObject(), options, trainMetrics, validationMetrics, predictor.Model);
        metadata["tune"] = new JsonObject
        {
            ["study"] = study,
            ["trialId"] = best.TrialSettings.TrialId,
            ["seed"] = best.TrialSettings.Seed,
            ["parameters"] = parametersJson.DeepClone(),
            ["metric"] = metricName,
            ["value"] = Metrics.Number(best.Metric),
            ["tuner"] = tuner,
            ["refitted"] = best.Model is null,
        };
        DataViewSchema inputSchema = DataViewSchema.Create(plan.Columns.Select(c => c.Detach()));
        ModelFile.Save(model, inputSchema, modelPath, metadata);

        IReadOnlyList<TrialRecord> records = store.GetTrials(study);
        StudySummary summary = StudySummary.Create(space, records);
        JsonObject bestMetrics = validationMetrics ?? new JsonObject { [metricName] = Metrics.Number(best.Metric) };
        if (reportPath is not null)
        {
            var report = new HtmlReport($"mlnetdeep tune: study '{study}'", $"{Scoring.Describe(task)} on {dataPath}, tuner {tuner}, {records.Count} trials; best model saved to {modelPath}.");
            AddSweep(report, space, records, summary, metricName, best);
            report.AddSection("Best trial", "best");
            report.AddParagraph($"Trial {best.TrialSettings.TrialId} (seed {best.TrialSettings.Seed}): {metricName} {Number(best.Metric)}{(best.Model is null ? "; refitted from its parameters and seed" : "")}.");
            ModelReport.AddJson(report, parametersJson, "Parameters of the best trial", "best-parameters");
            ModelReport.AddJson(report, bestMetrics, folds is null ? "Validation metrics of the best model" : $"Cross-validated {metricName} of the best trial", "metrics");
            ModelReport.AddOptions(report, metadata);
            ModelReport.AddTraining(report, predictor.Model, metadata, task);
            report.AddSection("Data", "data");
            report.AddDataSummary(ModelReport.Summarize($"{dataPath} (training rows)", trainView, mapping));
            if (validationView is not null)
            {
                report.AddDataSummary(ModelReport.Summarize(testPath ?? "the validation rows", validationView, mapping));
            }

            ModelReport.AddModel(report, mapping, predictor.Model, metadata, modelPath);
            ModelReport.Save(report, reportPath);
            if (!json)
            {
                console.Error.WriteLine($"report written to {reportPath}");
            }
        }

        if (json)
        {
            Scoring.WriteJson(console.Out, new JsonObject
            {
                ["study"] = study,
                ["trials"] = records.Count,
                ["best"] = new JsonObject
                {
                    ["trialId"] = best.TrialSettings.TrialId,
                    ["parameters"] = parametersJson,
                    ["metrics"] = bestMetrics.DeepClone(),
                },
                ["importance"] = new JsonObject(summary.Importance.Select(i => KeyValuePair.Create(i.Name, Metrics.Number(i.Importance)))),
            });
        }
        else
        {
            WriteSummary(console.Out, study, records.Count, summary, best, metricName, modelPath);
            Metrics.WriteTable(console.Out, folds is null ? "Validation metrics of the best model:" : $"Cross-validated {metricName} of the best trial:", bestMetrics);
        }

        if (cancelled)
        {
            console.Error.WriteLine($"cancelled: stopped early; the best trial so far ({best.TrialSettings.TrialId}) was saved to {modelPath}.");
            return ExitCodes.Cancelled;
        }

        return ExitCodes.Success;
    }

    // The sweep's pictures and tables: history, a chart per parameter, parallel coordinates, the ranking and the importance.
    private static void AddSweep(HtmlReport report, SearchSpace space, IReadOnlyList<TrialRecord> records, StudySummary summary, string metricName, TrialResult best)
    {
        report.AddSection("Sweep", "sweep");
        report.AddParagraph($"{records.Count} trials: {summary.Completed} completed, {summary.Pruned} pruned, {summary.Failed} failed, {summary.Unfinished} unfinished. Charts show the completed trials; the best is the lowest loss (trial {best.TrialSettings.TrialId}).");
        report.AddChart(SweepCharts.OptimizationHistory(records, metricName), $"{metricName} of each completed trial and of the best trial so far.");
        report.AddChart(SweepCharts.ParallelCoordinates(space, records, metricName), "Each trial as a line through its parameter values (axes on the search space's scales) to its metric; the best trial in red.");
        foreach (SearchParameter p in space.Parameters)
        {
            report.AddChart(SweepCharts.ParameterVsMetric(space, records, p.Name, metricName));
        }

        report.AddTable(["rank", "trial", metricName, "loss", "seconds", "parameters"], summary.Ranked.Take(RankedInReport).Select((t, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), t.TrialId.ToString(CultureInfo.InvariantCulture), Number(t.Metric ?? double.NaN), Number(t.Loss ?? double.NaN),
                ((t.DurationInMilliseconds ?? 0) / 1000).ToString("F1", CultureInfo.InvariantCulture),
                string.Join(" ", JsonNode.Parse(t.ParametersJson)!.AsObject().Select(p => $"{p.Key}={Brief(p.Value)}")),
            ]), summary.Ranked.Count > RankedInReport ? $"Ranking (the best {RankedInReport} of {summary.Ranked.Count})" : "Ranking", "ranking");
        report.AddTable(["parameter", "importance"], summary.Importance.Select(i => (IReadOnlyList<string>)[i.Name, i.Importance.ToString("0.000", CultureInfo.InvariantCulture)]),
            "Parameter importance (share of the loss variance each explains alone; noisy with few trials)", "importance");
    }

    // The trials of the study this run will continue (the fork's when it forks), for "best so far".
    private static IReadOnlyList<TrialRecord> EarlierTrials(ITrialStore store, string studyName, SearchSpace space, bool fork)
    {
        StudyDefinition? existing = store.GetStudy(studyName);
        if (existing is not null && existing.Fingerprint != space.Fingerprint && fork)
        {
            existing = store.GetStudy($"{studyName}@{space.Fingerprint[..8]}");
        }

        return existing is null || existing.Fingerprint != space.Fingerprint ? [] : store.GetTrials(existing.Name);
    }

    private static ITransformer Refit(CliConsole console, FeaturePlan plan, TaskKind task, FeedForwardTrainerOptions options, TrialResult best, IDataView train, IDataView? validation)
    {
        console.Error.WriteLine($"the best trial ({best.TrialSettings.TrialId}) ran earlier: refitting it from its parameters and seed");
        var trialContext = new DeepContext(best.TrialSettings.Seed);
        return PipelineFitter.Fit(Pipeline(trialContext, plan, task, options), train, validation, progress: null, console.Cancellation);
    }

    private static PredictionTransformerBase Predictor(ITransformer model)
    {
        ITransformer last = model;
        while (last is IEnumerable<ITransformer> chain && chain.LastOrDefault() is ITransformer inner)
        {
            last = inner;
        }

        return last as PredictionTransformerBase
            ?? throw new InvalidOperationException($"the best trial's model ends in {last.GetType().Name}, not a feed-forward predictor.");
    }

    private static void WriteSummary(TextWriter o, string study, int trials, StudySummary summary, TrialResult best, string metricName, string modelPath)
    {
        o.WriteLine($"Study '{study}': {trials} trials ({summary.Completed} completed, {summary.Pruned} pruned, {summary.Failed} failed, {summary.Unfinished} unfinished).");
        o.WriteLine($"Best: trial {best.TrialSettings.TrialId}, {metricName} {Number(best.Metric)}; model saved to {modelPath}.");
        o.WriteLine($"Top trials (by {metricName}):");
        int rank = 1;
        foreach (TrialRecord t in summary.Ranked.Take(TopTrials))
        {
            string parameters = string.Join(" ", JsonNode.Parse(t.ParametersJson)!.AsObject().Select(p => $"{p.Key}={Brief(p.Value)}"));
            double seconds = (t.DurationInMilliseconds ?? 0) / 1000;
            o.WriteLine($"  {rank++,2}. trial {t.TrialId,-4} {Number(t.Metric ?? double.NaN),8}  {seconds.ToString("F1", CultureInfo.InvariantCulture),6} s  {parameters}");
        }

        o.WriteLine("Parameter importance (share of the loss variance each explains alone; noisy with few trials):");
        foreach (ParameterImportance i in summary.Importance)
        {
            o.WriteLine($"  {i.Name,-20} {i.Importance.ToString("0.000", CultureInfo.InvariantCulture)}");
        }
    }

    private static string Brief(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out double d) ? d.ToString("G3", CultureInfo.InvariantCulture) : value?.ToJsonString() ?? "null";
}
