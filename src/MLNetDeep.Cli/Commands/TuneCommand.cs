namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Featurization;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// <c>mlnetdeep tune</c>: a hyperparameter sweep (<see cref="SweepExperiment"/>) of the feed-forward trainer of the
/// task over an ML.NET pipeline, with <c>train</c>'s data loading, label preparation and featurization. Trials are kept
/// in a trial store, so running the same command again resumes the study; the best trial's model is saved as an ML.NET
/// model zip with <c>train</c>'s run record plus the study, and a summary (ranking, parameter importance) is printed.
/// </summary>
internal sealed class TuneCommand
{
    /// <summary>How many ranked trials the text summary shows.</summary>
    private const int TopTrials = 5;

    /// <summary>How many ranked trials the HTML report lists.</summary>
    private const int RankedInReport = 50;

    /// <summary>The fraction of the training rows held out to score the trials when neither --test nor --folds is given.</summary>
    private const double DefaultValidationFraction = 0.2;

    /// <summary>The trials assumed when only --time limits the study (for the tuners' round sizes).</summary>
    private const int AssumedTrials = 40;

    /// <summary>Coarse-to-fine rounds and TPE's random start are a quarter of the trials, between 2 and 10.</summary>
    private const int TrialsPerRoundDivisor = 4;

    private const int MinimumTrialsPerRound = 2;

    private const int MaximumTrialsPerRound = 10;

    private const string SpaceExample = """{"parameters": [{"name": "LearningRate", "type": "float", "min": 0.0001, "max": 0.1, "init": 0.001, "scale": "Log"}, {"name": "HiddenUnits1", "type": "int", "min": 16, "max": 256, "init": 64, "scale": "PowerOfTwo"}, {"name": "Optimizer", "type": "choice", "values": ["momentum", "adam"], "default": 1}, {"name": "NumberOfEpochs", "type": "int", "min": 5, "max": 20, "init": 10, "scale": "Linear"}]}""";

    private static readonly Dictionary<string, string> Tuners = new()
    {
        ["random"] = "random",
        ["grid"] = "grid",
        ["coarse-to-fine"] = "coarse-to-fine",
        ["hyperband"] = "hyperband",
        ["tpe"] = "tpe",
    };

    private readonly Option<string> _data = new("--data") { Description = "Training data: a CSV/TSV file with a header, or an IDX prefix P (P-images-idx3-ubyte[.gz]).", Required = true, HelpName = "FILE" };
    private readonly Option<string> _label = new("--label") { Description = "The label column (Label is the IDX label column).", HelpName = "COLUMN", DefaultValueFactory = _ => "Label" };
    private readonly Option<FeedForwardTask> _task = OptionFactory.Choice("--task", "The task.", TrainCommand.Tasks, required: true);
    private readonly Option<string> _model = new("--model") { Description = "Where to save the best trial's model, an ML.NET model zip (replaced only once the new one is complete).", Required = true, HelpName = "BEST.zip" };
    private readonly Option<string?> _test = new("--test") { Description = "Validation data scoring every trial (the training data's columns).", HelpName = "FILE" };
    private readonly Option<int?> _folds = OptionFactory.Number<int>("--folds", "Cross-validate every trial over K folds of the training data (the metric is the mean).", "K");
    private readonly Option<double?> _validationFraction = OptionFactory.Number<double>("--validation-fraction", "Hold out this fraction of the training rows to score the trials (stratified by label for classification). Default 0.2 when neither --test nor --folds is given.", "X");
    private readonly Option<string[]?> _features = OptionFactory.Parsed("--features", "Feature columns. Default: every column but the label, except constant or empty ones.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<string[]?> _categorical = OptionFactory.Parsed("--categorical", "Treat these columns as categorical (one-hot), even when they hold numbers.", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();
    private readonly Option<string[]?> _freeText = OptionFactory.Parsed("--free-text", "Treat these columns as free text (ML.NET's FeaturizeText).", "C1,C2,...", OptionFactory.ParseNameList);
    private readonly Option<bool> _noNormalize = new("--no-normalize") { Description = "Do not standardize the numeric features ((x - mean) / stddev by default)." };
    private readonly Option<string?> _space = new("--space") { Description = "A JSON search space replacing the default one (parameters of FeedForwardSearchSpace; see the example below).", HelpName = "space.json" };
    private readonly Option<string> _tuner = OptionFactory.Choice("--tuner", "How trials are proposed. Default tpe.", Tuners);
    private readonly Option<int?> _trials = OptionFactory.Number<int>("--trials", "Stop when the study holds N trials (trials of earlier runs count).", "N");
    private readonly Option<double?> _time = OptionFactory.Number<double>("--time", "Stop after this many seconds (running trials are stopped and re-queued; a trial stopped a second time fails).", "SECONDS");
    private readonly Option<int?> _parallel = OptionFactory.Number<int>("--parallel", "Trials run at once. Default 1.", "P");
    private readonly Option<string> _storage = new("--storage") { Description = $"Where trials are kept: {string.Join(" or ", TrialStores.KnownSchemes)}; memory keeps nothing after the run.", HelpName = "sqlite:PATH|postgres:CONNECTION|memory", DefaultValueFactory = _ => "memory" };
    private readonly Option<string> _study = new("--study") { Description = "The study's name in the store; the same --storage and --study resume it.", HelpName = "NAME", DefaultValueFactory = _ => "default" };
    private readonly Option<bool> _fork = new("--fork") { Description = "When the study exists with another search space, metric, data, seed or tuner, start a new study NAME@IDENTITY instead of refusing." };
    private readonly Option<int?> _seed = OptionFactory.Number<int>("--seed", "Seed of the tuner, the splits and every trial's seed. Default 0.", "S");
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (study, trials, best parameters and metrics, importance) on stdout and nothing else." };
    private readonly Option<string?> _report = new("--report") { Description = "Also write a self-contained HTML report of the study (optimization history, each parameter against the metric, parallel coordinates, ranking, importance, the best trial's options and training curves).", HelpName = "REPORT.html" };

    // Fixed for every trial (not swept): the trainer's knobs but those tune sets itself (--seed, the threads per trial)
    // or that have another meaning here (--validation-fraction scores the trials) or would collide (one checkpoint per trial).
    private readonly TrainerFlags _flags = new(nameof(FeedForwardTrainerOptions.Seed), nameof(FeedForwardTrainerOptions.NumberOfThreads), nameof(FeedForwardTrainerOptions.ValidationFraction),
        nameof(FeedForwardTrainerOptions.CheckpointFolder), nameof(FeedForwardTrainerOptions.CheckpointInterval), nameof(FeedForwardTrainerOptions.ResumeFromCheckpoint));

    /// <summary>The prefix of the one-value parameter each fixed trainer flag adds to the space, so the study's identity and every trial's record name it.</summary>
    internal const string FixedPrefix = "Fixed.";

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("tune", "Search hyperparameters of the feed-forward network and save the best model. "
            + "At least one of --trials and --time is required. The same --storage and --study resume a study; "
            + "another search space, data, seed or tuner is refused unless --fork. "
            + "A --space file lists parameters (float and int with min, max, init and scale Linear, Log, OneMinusLog or PowerOfTwo; "
            + "choice with values and the default's index; \"when\" for a condition, else the knobs' condition when its parent is in the file) named after the default space's: "
            + string.Join(", ", FeedForwardSearchSpace.ParameterNames) + ". Example: " + SpaceExample);
        foreach (Option o in new Option[] { _data, _label, _task, _model, _test, _folds, _validationFraction, _features, _categorical, _freeText, _decimalMarker, _noNormalize, _space, _tuner, _trials, _time, _parallel, _storage, _study, _fork, _seed, _json, _report }.Concat(_flags.Options))
        {
            command.Add(o);
        }

        command.SetAction(r => Run(r, console));
        return command;
    }

    /// <summary>The trainer options of one trial: the task's defaults, the label and features, the seed and threads, then the point.</summary>
    internal static FeedForwardTrainerOptions TrialOptions(FeedForwardTrainerOptions start, string label, SweepParameters parameters, int seed, int threads)
    {
        FeedForwardTrainerOptions defaults = start with { LabelColumnName = label, FeatureColumnName = FeaturizationTransformsCatalog.DefaultFeatureColumnName, Seed = seed, NumberOfThreads = threads };
        return FeedForwardSearchSpace.Apply(defaults, parameters);
    }

    private int Run(ParseResult r, CliConsole console)
    {
        Request request = Read(r);
        if (request.SpaceNote is string note)
        {
            console.Error.WriteLine(note);
        }

        if (request.FixedGiven.Count > 0)
        {
            console.Error.WriteLine($"fixed in every trial: {string.Join(", ", request.FixedGiven.Select(f => $"{f.Key} {f.Value}"))}");
        }

        var ml = new MLContext(request.Seed);
        TrainingSet data = TrainingSet.Load(ml, request.DataPath, request.TestPath, request.Inference);
        TrainCommand.Describe(console, data);
        (ITransformer label, LabelClasses? classes) = TrainCommand.PrepareLabel(ml, request.Task, request.Label, data, console);
        TrainCommand.CheckClassWeights(request.Fixed, classes, request.Label);
        (IDataView train, IDataView? validation) = Prepare(ml, request, data, label, classes, console);
        SweepExperiment experiment = Experiment(ml, request, data, train, validation, console);
        SweepTrialResult best = RunSweep(experiment, request, console);
        bool cancelled = console.Cancellation.IsCancellationRequested;
        string study = experiment.Study!.Name;
        if (study != request.Study)
        {
            console.Error.WriteLine($"study '{request.Study}' exists with another search space, data, seed or tuner: forked study '{study}'.");
        }

        var clock = Stopwatch.StartNew();
        ITransformer network = best.Model ?? Refit(experiment, best, console);
        double seconds = best.Model is null ? clock.Elapsed.TotalSeconds : best.DurationInMilliseconds / 1000; // the model's training: its trial's, or the refit
        using var model = new TransformerChain<ITransformer>(label, network);
        string keyColumn = classes?.KeyColumnName ?? request.Label;
        Evaluation.Result trainMetrics = Evaluation.Evaluate(ml, request.Task, network.Transform(train), request.Label, keyColumn, console, $"{request.DataPath} (the training rows)", noteSkipped: false);
        Evaluation.Result? validationMetrics = validation is null ? null
            : Evaluation.Evaluate(ml, request.Task, network.Transform(validation), request.Label, keyColumn, console, "the validation rows", noteSkipped: false);
        FeedForwardTrainerOptions options = TrialOptions(request.Fixed, request.Label, best.TrialSettings.Parameters, best.TrialSettings.Seed, request.Threads);
        JsonObject run = RunJson(request, data, best, study, options, trainMetrics, validationMetrics, seconds);
        ModelFile.Save(ml, model, data.ModelInputSchema, request.ModelPath, run);

        StudySummary summary = experiment.GetSummary();
        int trials = summary.Completed + summary.Pruned + summary.Failed + summary.Unfinished;
        JsonObject bestMetrics = validationMetrics?.Metrics ?? new JsonObject { [request.MetricName] = Metrics.Number(best.Metric) };
        if (request.ReportPath is not null)
        {
            WriteReport(ml, request, experiment, best, model, data, classes, run, bestMetrics);
            if (!request.Json)
            {
                console.Error.WriteLine($"report written to {request.ReportPath}");
            }
        }

        Print(console, request, study, trials, summary, best, bestMetrics);
        if (cancelled)
        {
            console.Error.WriteLine($"cancelled: stopped early; the best trial so far ({best.TrialSettings.TrialId}) was saved to {request.ModelPath}.");
            return ExitCodes.Cancelled;
        }

        return ExitCodes.Success;
    }

    /// <summary>The arguments, checked before any data is read: limits, alternatives, output paths, the store and the space.</summary>
    private Request Read(ParseResult r)
    {
        string dataPath = r.GetValue(_data)!;
        string modelPath = r.GetValue(_model)!;
        string? testPath = r.GetValue(_test);
        string? reportPath = r.GetValue(_report);
        string? spacePath = r.GetValue(_space);
        int? folds = r.GetValue(_folds);
        double? validationFraction = r.GetValue(_validationFraction);
        int? trials = r.GetValue(_trials);
        double? time = r.GetValue(_time);
        int parallel = r.GetValue(_parallel) ?? 1;
        string studyName = r.GetValue(_study)!;
        string[] inputs = [.. DataFile.FilesOf(dataPath), .. testPath is null ? [] : DataFile.FilesOf(testPath), .. spacePath is null ? [] : new[] { spacePath }];
        if (reportPath is not null)
        {
            OutputPaths.Check(reportPath, "--report", "report.html", [.. inputs, modelPath]);
        }

        OutputPaths.Check(modelPath, "--model", "best.zip", [.. inputs, reportPath]);
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

        string storage = r.GetValue(_storage)!.Trim();
        if (storage.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && storage["sqlite:".Length..].Trim().Length > 0)
        {
            OutputPaths.Check(storage["sqlite:".Length..], "--storage", "study.db", [.. inputs, modelPath, reportPath]);
        }

        (ITrialStore store, StudyDefinition? existing) = OpenStore(storage, studyName);

        FeedForwardTask task = r.GetValue(_task);
        string label = r.GetValue(_label)!;
        CsvInferenceOptions inference = TrainCommand.Inference(label, r.GetValue(_features), r.GetValue(_categorical), r.GetValue(_freeText)) with { DecimalMarker = r.GetValue(_decimalMarker) };
        (SweepSpace space, string? spaceNote) = LoadSpace(spacePath, task, label, existing);
        FeedForwardTrainerOptions fixedOptions = Fix(r, task, space, existing);
        return new Request(task, dataPath, testPath, folds, validationFraction ?? (testPath is null && folds is null ? DefaultValidationFraction : null), modelPath, reportPath,
            label, inference, !r.GetValue(_noNormalize), storage,
            space, r.GetValue(_tuner) ?? "tpe", trials, time, parallel, store, studyName, r.GetValue(_fork), r.GetValue(_seed) ?? 0, r.GetValue(_json))
        {
            ExistingTuner = existing?.Tuner,
            SpaceNote = spaceNote,
            Fixed = fixedOptions,
            FixedGiven = _flags.GivenJson(r),
        };
    }

    /// <summary>
    /// The task's options with the trainer flags given (fixed for every trial); each flag set to other than the
    /// trainer's default adds a one-value parameter <c>Fixed.NAME</c> to <paramref name="space"/>, so a study resumed
    /// with other fixed flags is refused as another space, and every trial's parameters say what it was trained with. A
    /// flag at its default changes no trial, so it is no parameter: the study resumes with or without it (one made
    /// before, <paramref name="existing"/>, that holds it as <c>Fixed.NAME</c> keeps it, flag given or not). A flag for
    /// a knob the space sweeps is a usage error naming the parameter.
    /// </summary>
    private FeedForwardTrainerOptions Fix(ParseResult r, FeedForwardTask task, SweepSpace space, StudyDefinition? existing)
    {
        FeedForwardTrainerOptions defaults = TrainCommand.Defaults(task), options = _flags.Apply(r, defaults);
        string Value(FeedForwardKnob knob, FeedForwardTrainerOptions o) => knob.Format(o) is { Length: > 0 } text ? text : "none"; // --hidden none: no layers, which the knob writes as ""
        FeedForwardKnob[] given = [.. _flags.GivenKnobs(r)];
        // A study made before holds a flag given at its default as Fixed.NAME: it keeps it, so it resumes as before.
        SweepSpace? made = existing?.SearchSpaceJson.Contains($"\"{FixedPrefix}", StringComparison.Ordinal) == true ? SweepSpace.FromJson(existing.SearchSpaceJson) : null;
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All.Where(k => given.Contains(k) || made?.Parameters.Any(p => p.Name == FixedPrefix + k.Name) == true))
        {
            string value = Value(knob, options);
            if (given.Contains(knob) && knob.Sweep.Select(s => s.Name).FirstOrDefault(n => space.Parameters.Any(p => p.Name == n)) is string swept)
            {
                throw CliException.Usage($"{knob.Flag} {value}: the search space sweeps {swept}, which sets {knob.Name} in every trial; leave the flag out, or give a --space without {swept}.");
            }

            if ((given.Contains(knob) && value != Value(knob, defaults)) || made?.Parameters.Any(p => p.Name == FixedPrefix + knob.Name && p is ChoiceParameter { Values: [string old] } && old == value) == true)
            {
                space.Add(new ChoiceParameter(FixedPrefix + knob.Name, [value], 0));
            }
        }

        return options;
    }

    /// <summary>
    /// The store of --storage, opened and read once so that a missing database, a file that is not one, a refused
    /// connection or a wrong password is one line before any data is read. Messages never show a connection string's
    /// password (<see cref="Scrub"/>). <paramref name="readOnly"/>: only to read it (<c>report --study</c>).
    /// </summary>
    internal static (ITrialStore Store, StudyDefinition? Existing) OpenStore(string storage, string studyName, bool readOnly = false)
    {
        try
        {
            ITrialStore store = TrialStores.Open(storage, readOnly);
            return (store, store.GetStudy(studyName));
        }
        catch (FormatException e)
        {
            throw CliException.Usage($"--storage: {Scrub(e.Message, storage)}");
        }
        catch (ArgumentException e)
        {
            // Npgsql's connection string builder: an unknown keyword or a bad value.
            throw CliException.Usage($"--storage {StorageName(storage)}: the connection string is not valid: {Scrub(e.Message, storage)}");
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            // The SQLite store's own message names the file and says it cannot be opened, and why.
            string what = e is Microsoft.Data.Sqlite.SqliteException ? "" : "the trial store cannot be opened: ";
            throw CliException.Failure($"--storage {StorageName(storage)}: {what}{Scrub(e.Message, storage)}");
        }
    }

    /// <summary>How messages name the store: the SQLite path, or only the scheme of a connection string (which may hold a password).</summary>
    internal static string StorageName(string storage) =>
        storage.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? $"'{storage}'" : storage.Split(':', 2)[0].ToLowerInvariant() + ":...";

    /// <summary><paramref name="message"/> with the password of the connection string in <paramref name="storage"/> (if any) replaced by ***.</summary>
    internal static string Scrub(string message, string storage)
    {
        int colon = storage.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return message;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = storage[(colon + 1)..] };
            foreach (string key in builder.Keys.Cast<string>().Where(k => k.Contains("password", StringComparison.OrdinalIgnoreCase) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase)))
            {
                if (builder[key]?.ToString() is { Length: > 0 } secret)
                {
                    message = message.Replace(secret, "***", StringComparison.Ordinal);
                }
            }
        }
        catch (ArgumentException)
        {
            // Not a connection string (a SQLite path): nothing to hide.
        }

        return message;
    }

    /// <summary>
    /// The search space: the default one, or the --space file with the knobs' conditions added to the parameters it gives
    /// no "when" (<see cref="FeedForwardSearchSpace.AddKnobConditions"/>), and a note saying which; a study made from the
    /// file before those conditions existed (<paramref name="existing"/> has the file's fingerprint as written) resumes
    /// with the file as written.
    /// </summary>
    private static (SweepSpace Space, string? Note) LoadSpace(string? path, FeedForwardTask task, string label, StudyDefinition? existing)
    {
        if (path is null)
        {
            return (FeedForwardSearchSpace.Create(), null);
        }

        if (!File.Exists(path))
        {
            throw CliException.Usage($"--space '{path}': the file does not exist.");
        }

        SweepSpace space;
        try
        {
            space = SweepSpace.FromJson(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            throw CliException.Usage($"--space '{path}': not a search space: {e.Message} Expected, for example: {SpaceExample}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"--space '{path}': cannot be read: {e.Message}");
        }

        string[] unknown = space.Parameters.Select(p => p.Name).Where(n => !FeedForwardSearchSpace.ParameterNames.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw CliException.Usage($"--space '{path}': unknown parameter{(unknown.Length == 1 ? "" : "s")} {string.Join(", ", unknown)}; known: {string.Join(", ", FeedForwardSearchSpace.ParameterNames)}.");
        }

        if (space.Count == 0)
        {
            throw CliException.Usage($"--space '{path}': the space has no parameters.");
        }

        CheckAgainstTrainer(space, path, task, label);
        string written = space.Fingerprint;
        IReadOnlyList<string> added;
        try
        {
            added = FeedForwardSearchSpace.AddKnobConditions(space);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage($"--space '{path}': {e.Message}");
        }

        if (added.Count == 0)
        {
            return (space, null);
        }

        if (existing?.Fingerprint == written)
        {
            return (SweepSpace.FromJson(File.ReadAllText(path)), $"note: --space '{path}': study '{existing.Name}' was made before the knobs' conditions were added to a --space file, so it resumes with the space as written "
                + $"({string.Join(", ", added)} in every trial); use another --study to sample them only where they are used.");
        }

        return (space, $"note: --space '{path}': the knobs' conditions were added: {string.Join("; ", added.Select(n => $"{n} only when {space.ConditionOf(n)!.Parent} is "
            + string.Join(" or ", space.ConditionOf(n)!.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))))} (a \"when\" of your own replaces them).");
    }

    /// <summary>
    /// Refuses, before any data is read, a parameter whose type or values the trainer cannot take (a choice value that is
    /// not an optimizer, a string for a Boolean, 0 epochs, a dropout rate of 1.5): each parameter's min, max, init or every
    /// choice value is applied alone to the task's default options, which are then validated as a trial's would be.
    /// </summary>
    private static void CheckAgainstTrainer(SweepSpace space, string path, FeedForwardTask task, string label)
    {
        foreach (SearchParameter p in space.Parameters)
        {
            object[] values = p switch
            {
                FloatParameter f => [f.Min, f.Max, f.Default],
                IntParameter i => [i.Min, i.Max, i.Default],
                ChoiceParameter c => [.. c.Values],
                _ => [p.Default],
            };
            foreach (object value in values)
            {
                try
                {
                    TrialOptions(TrainCommand.Defaults(task), label, new SweepParameters([KeyValuePair.Create(p.Name, value)]), 0, 1).Validate();
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or InvalidOperationException or OverflowException)
                {
                    string shown = value is string text ? $"'{text}'" : Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant();
                    string reason = e is InvalidCastException ? $"the trainer takes {Expected(p.Name)} for it" : e.Message;
                    throw CliException.Usage($"--space '{path}': parameter '{p.Name}', value {shown}: {reason.TrimEnd('.')}.");
                }
            }
        }
    }

    /// <summary>What kind of value the default space has for <paramref name="name"/>: its choices, or an integer or a number.</summary>
    private static string Expected(string name) => FeedForwardSearchSpace.Create()[name] switch
    {
        ChoiceParameter c => "one of " + string.Join(", ", c.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant())),
        IntParameter => "an integer",
        _ => "a number",
    };

    /// <summary>
    /// The trials' data with the label prepared and rows without a label dropped (in memory: every trial reads it): the
    /// training rows and the validation rows — the --test file, or a stratified hold-out of the training file; none
    /// with --folds.
    /// </summary>
    private static (IDataView Train, IDataView? Validation) Prepare(MLContext ml, Request request, TrainingSet data, ITransformer label, LabelClasses? classes, CliConsole console)
    {
        IDataView train = ml.Data.Cache(TrainCommand.Labelled(ml, label.Transform(data.Train.View), request.Label, classes, request.DataPath, console));
        if (data.Test is { } test)
        {
            return (train, ml.Data.Cache(TrainCommand.Labelled(ml, label.Transform(test.View), request.Label, classes, test.Path, console)));
        }

        if (request.Folds is int folds && DataViewValues.CountRows(train) is var rows && rows < folds)
        {
            throw new InvalidDataException($"--folds {folds}: {request.DataPath} has {rows} labelled row{(rows == 1 ? "" : "s")}, fewer than the folds; give at most {rows} folds (each fold needs rows of every class to be scored).");
        }

        if (request.ValidationFraction is not double fraction)
        {
            return (train, null);
        }

        StratifiedTrainTestData split;
        try
        {
            split = ml.Data.StratifiedTrainTestSplit(train, classes?.KeyColumnName, fraction, request.Seed);
        }
        catch (ArgumentException e) when (e.ParamName == "testFraction")
        {
            throw new InvalidDataException($"--validation-fraction {fraction.ToString(CultureInfo.InvariantCulture)} of {request.DataPath} holds no rows or leaves no training rows; give a larger fraction or more data.", e);
        }

        return (ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet));
    }

    /// <summary>The experiment: the pipeline of a trial (featurization and the trainer), the data, the metric, the limits, the tuner, the monitor and the store.</summary>
    private static SweepExperiment Experiment(MLContext ml, Request request, TrainingSet data, IDataView train, IDataView? validation, CliConsole console)
    {
        // Parallel trials share the cores (the thread count never changes results).
        int threads = request.Threads;
        SweepExperiment experiment = ml.Sweep().CreateExperiment(new SweepExperimentSettings { Seed = request.Seed, Parallelism = request.Parallel })
            .SetPipeline(tc => tc.Context.Transforms.FeaturizeColumns(data.Features, FeaturizationTransformsCatalog.DefaultFeatureColumnName, request.Normalize)
                .Append(TrainCommand.Trainer(tc.Context, request.Task, TrialOptions(request.Fixed, request.Label, tc.Parameters, tc.Settings.Seed, threads))), request.Space)
            .SetMonitor(new TuneProgress(console.Error, request.MetricName))
            .SetTrialStore(request.Store, request.Study, request.Fork);
        _ = request.Folds is int folds ? experiment.SetDataset(train, folds) : experiment.SetDataset(train, validation!);
        _ = request.Task switch
        {
            FeedForwardTask.BinaryClassification => experiment.SetBinaryClassificationMetric(request.MetricName, request.Label),
            FeedForwardTask.MulticlassClassification => experiment.SetMulticlassClassificationMetric(request.MetricName, request.Label),
            _ => experiment.SetRegressionMetric(request.MetricName, request.Label),
        };
        if (request.Trials is int maxTrials)
        {
            experiment.SetMaxModelToExplore(maxTrials);
        }

        if (request.Time is double seconds)
        {
            experiment.SetTrainingTimeInSeconds((uint)Math.Ceiling(seconds));
        }

        int perRound = StoredPerRound(request) ?? Math.Clamp((request.Trials ?? AssumedTrials) / TrialsPerRoundDivisor, MinimumTrialsPerRound, MaximumTrialsPerRound);
        int maxEpochs = request.Space.Parameters.OfType<IntParameter>().FirstOrDefault(p => p.Name == FeedForwardSearchSpace.EpochsParameter)?.Max
            ?? TrialOptions(request.Fixed, request.Label, request.Space.Default, 0, 1).NumberOfEpochs;
        return request.Tuner switch
        {
            "random" => experiment.SetRandomSearchTuner(),
            "grid" => experiment.SetGridSearchTuner(),
            "coarse-to-fine" => experiment.SetCoarseToFineTuner(trialsPerRound: perRound),
            "hyperband" => experiment.SetHyperbandTuner(minEpochs: 1, maxEpochs: maxEpochs),
            _ => experiment.SetTpeTuner(startupTrials: perRound),
        };
    }

    /// <summary>
    /// The round size (coarse-to-fine) or random start (TPE) of the study being resumed with the same tuner: it came from
    /// that run's --trials, and raising --trials to extend the study must not change the tuner (which would refuse the
    /// resume as another tuner). Null for a new study or another tuner.
    /// </summary>
    private static int? StoredPerRound(Request request)
    {
        string? setting = request.Tuner switch
        {
            "coarse-to-fine" => "coarse-to-fine(trialsPerRound=",
            "tpe" => "tpe(startupTrials=",
            _ => null,
        };
        if (setting is null || request.ExistingTuner is not string stored || !stored.StartsWith(setting, StringComparison.Ordinal))
        {
            return null;
        }

        string digits = new(stored[setting.Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : null;
    }

    /// <summary>Runs the sweep; a refused resume and a time limit without a completed trial become one-line errors.</summary>
    private static SweepTrialResult RunSweep(SweepExperiment experiment, Request request, CliConsole console)
    {
        try
        {
            SweepTrialResult best = experiment.RunAsync(console.Cancellation).GetAwaiter().GetResult();
            NoteTimeLimitStops(experiment, request, console);
            return best;
        }
        catch (StudyMismatchException e)
        {
            // Not the storage string in the message: a connection string may hold a password.
            string differences = e.Differences.Count > 0 ? $" ({string.Join("; ", e.Differences)})" : "";
            throw CliException.Failure($"--study '{request.Study}' exists with another search space, metric, data, seed or tuner than this run's{differences}, so resuming it is refused "
                + $"(it would mix incompatible trials). Add --fork to start the study '{e.ForkName}', use another --study, or run with the study's original settings.");
        }
        catch (DbException e)
        {
            throw CliException.Failure($"--storage {StorageName(request.Storage)}: the trial store failed: {Scrub(e.Message, request.Storage)}");
        }
        catch (TimeoutException)
        {
            NoteTimeLimitStops(experiment, request, console);
            throw CliException.Failure($"no trial completed within --time {Number(request.Time ?? 0)} s; nothing was written. Give more time or a smaller space (fewer epochs).");
        }
    }

    /// <summary>A run that ended by --time: a line for each trial it stopped and re-queued (a second stop fails it).</summary>
    private static void NoteTimeLimitStops(SweepExperiment experiment, Request request, CliConsole console)
    {
        if (request.Time is null || console.Cancellation.IsCancellationRequested)
        {
            return;
        }

        foreach (TrialRecord t in experiment.TrialStore!.GetTrials(experiment.Study!.Name).Where(t => t.Status == TrialStatus.Queued && t.TimeLimitStops.Count > 0))
        {
            console.Error.WriteLine($"trial {t.TrialId} was stopped by --time after {t.TimeLimitStops[^1].ToString("0.#", CultureInfo.InvariantCulture)} s of training and re-queued: the next run retries it once more "
                + "(and fails it if --time stops it again; give more --time for trials this long)");
        }
    }

    /// <summary>A best trial from an earlier run (or another worker) has no model in this process: it is fitted again from its parameters and seed.</summary>
    private static ITransformer Refit(SweepExperiment experiment, SweepTrialResult best, CliConsole console)
    {
        console.Error.WriteLine($"the best trial ({best.TrialSettings.TrialId}) ran earlier: refitting it from its parameters and seed");
        return experiment.Refit(best.TrialSettings, console.Cancellation);
    }

    private static JsonObject RunJson(Request request, TrainingSet data, SweepTrialResult best, string study, FeedForwardTrainerOptions options,
        Evaluation.Result train, Evaluation.Result? validation, double seconds)
    {
        string test = request.TestPath ?? (request.Folds is int k ? $"{k}-fold cross-validation of {request.DataPath}" : $"{Number(request.ValidationFraction ?? 0)} of {request.DataPath}");
        JsonObject run = RunRecord.Create(request.Task, request.Label, RunRecord.Columns(data, request.Normalize),
            new JsonObject { ["train"] = request.DataPath, ["trainRows"] = train.Rows, ["test"] = test, ["testRows"] = validation?.Rows },
            request.FixedGiven, options, train.Metrics, validation?.Metrics, validation is null ? null : "the validation rows", seconds);
        run["tune"] = new JsonObject
        {
            ["study"] = study,
            ["trialId"] = best.TrialSettings.TrialId,
            ["seed"] = best.TrialSettings.Seed,
            ["parameters"] = JsonNode.Parse(best.TrialSettings.Parameters.ToJson()),
            ["metric"] = request.MetricName,
            ["value"] = Metrics.Number(best.Metric),
            ["tuner"] = request.Tuner,
            ["refitted"] = best.Model is null,
        };
        return run;
    }

    private static void WriteReport(MLContext ml, Request request, SweepExperiment experiment, SweepTrialResult best, ITransformer model, TrainingSet data,
        LabelClasses? classes, JsonObject run, JsonObject bestMetrics)
    {
        var report = new HtmlReport($"mlnetdeep tune: study '{experiment.Study!.Name}'",
            $"{Evaluation.Describe(request.Task)} on {request.DataPath}, tuner {request.Tuner}; best model saved to {request.ModelPath}.");
        SweepReport.Add(report, experiment.GetSweepHistory(), RankedInReport);
        report.AddSection("Best trial", "best");
        report.AddParagraph($"Trial {best.TrialSettings.TrialId} (seed {best.TrialSettings.Seed}): {request.MetricName} {Number(best.Metric)}{(best.Model is null ? "; refitted from its parameters and seed" : "")}.");
        CliReport.AddJson(report, (JsonObject)JsonNode.Parse(best.TrialSettings.Parameters.ToJson())!, "Parameters of the best trial", "best-parameters");
        CliReport.AddJson(report, bestMetrics, request.Folds is null ? "Validation metrics of the best model" : $"Cross-validated {request.MetricName} of the best trial", "metrics");
        var view = new ModelView(request.Task, request.Label, classes, ml.Model.GetFeedForwardInfo(model), run, data.ModelInputSchema);
        CliReport.AddOptions(report, view);
        CliReport.AddTraining(report, ml, model, data.ModelInputSchema);
        CliReport.AddModel(report, view, request.ModelPath);
        CliReport.Save(report, request.ReportPath!);
    }

    /// <summary>The parameter importance of <c>--json</c> (tune's and <c>report --study</c>'s): name to share of the loss variance.</summary>
    internal static JsonObject ImportanceJson(StudySummary summary) =>
        new(summary.Importance.Select(i => KeyValuePair.Create(i.Name, Metrics.Number(i.Importance))));

    private static void Print(CliConsole console, Request request, string study, int trials, StudySummary summary, SweepTrialResult best, JsonObject bestMetrics)
    {
        if (request.Json)
        {
            Evaluation.WriteJson(console.Out, new JsonObject
            {
                ["study"] = study,
                ["trials"] = trials,
                ["best"] = new JsonObject
                {
                    ["trialId"] = best.TrialSettings.TrialId,
                    ["parameters"] = JsonNode.Parse(best.TrialSettings.Parameters.ToJson()),
                    ["metrics"] = bestMetrics.DeepClone(),
                },
                ["importance"] = ImportanceJson(summary),
            });
            return;
        }

        TextWriter o = console.Out;
        o.WriteLine($"Study '{study}': {trials} trials ({summary.Completed} completed, {summary.Pruned} pruned, {summary.Failed} failed, {summary.Unfinished} unfinished).");
        o.WriteLine($"Best: trial {best.TrialSettings.TrialId}, {request.MetricName} {Number(best.Metric)}; model saved to {request.ModelPath}.");
        o.WriteLine($"Top trials (by {request.MetricName}):");
        int rank = 1;
        foreach (TrialRecord t in summary.Ranked.Take(TopTrials))
        {
            string parameters = string.Join(" ", JsonNode.Parse(t.ParametersJson)!.AsObject().Where(p => !p.Key.StartsWith(FixedPrefix, StringComparison.Ordinal)).Select(p => $"{p.Key}={Brief(p.Value)}"));
            double seconds = (t.DurationInMilliseconds ?? 0) / 1000;
            o.WriteLine($"  {rank++,2}. trial {t.TrialId,-4} {Number(t.Metric ?? double.NaN),8}  {seconds.ToString("F1", CultureInfo.InvariantCulture),6} s  {parameters}");
        }

        o.WriteLine("Parameter importance (share of the loss variance each explains alone; noisy with few trials):");
        foreach (ParameterImportance i in summary.Importance)
        {
            o.WriteLine($"  {i.Name,-20} {i.Importance.ToString("0.000", CultureInfo.InvariantCulture)}");
        }

        Metrics.WriteTable(o, request.Folds is null ? "Validation metrics of the best model:" : $"Cross-validated {request.MetricName} of the best trial:", bestMetrics);
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Brief(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out double d) ? TuneProgress.Short(d) : value?.ToJsonString() ?? "null";

    /// <summary>The arguments of one run.</summary>
    private sealed record Request(FeedForwardTask Task, string DataPath, string? TestPath, int? Folds, double? ValidationFraction, string ModelPath, string? ReportPath,
        string Label, CsvInferenceOptions Inference, bool Normalize, string Storage, SweepSpace Space, string Tuner, int? Trials, double? Time, int Parallel, ITrialStore Store,
        string Study, bool Fork, int Seed, bool Json)
    {
        /// <summary>The optimized metric: ML.NET's name.</summary>
        public string MetricName => Task switch
        {
            FeedForwardTask.BinaryClassification => "Accuracy",
            FeedForwardTask.MulticlassClassification => "MicroAccuracy",
            _ => "RSquared",
        };

        /// <summary>The tuner (with settings) of the study when it already exists in the store; null for a new study.</summary>
        public string? ExistingTuner { get; init; }

        /// <summary>What was done to the --space file's conditions (printed before the data is read); null when nothing.</summary>
        public string? SpaceNote { get; init; }

        /// <summary>The options every trial starts from: the task's defaults with the trainer flags given.</summary>
        public required FeedForwardTrainerOptions Fixed { get; init; }

        /// <summary>The trainer flags given, as typed (the run record's <c>trainerOptionsGiven</c>).</summary>
        public required JsonObject FixedGiven { get; init; }

        /// <summary>Threads per trial: parallel trials share the cores.</summary>
        public int Threads => Math.Max(1, Environment.ProcessorCount / Parallel);
    }
}
