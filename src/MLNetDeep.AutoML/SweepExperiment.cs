namespace MLNetDeep.AutoML;

using System.Globalization;
using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Reporting.Sweeps;

/// <summary>
/// A hyperparameter sweep over any ML.NET pipeline, shaped like Microsoft.ML.AutoML 2.x's <c>AutoMLExperiment</c> (named
/// apart so that both namespaces can be imported together): a pipeline factory over a search space, a dataset, a metric
/// read by ML.NET's evaluators (or a custom one), limits, a tuner, a monitor and a trial store; <see cref="RunAsync"/>
/// runs trials (<see cref="SweepExperimentSettings.Parallelism"/> at once) and returns the best.
/// </summary>
/// <remarks>
/// Unlike ML.NET's: an experiment with neither a time nor a trial limit refuses to start; cancellation stops running
/// trials (MLNetDeep's trainer within one mini-batch, stock ML.NET trainers through ML.NET's own cancellation); every
/// trial is persisted as it happens, so running the same study again resumes it, and a study refuses to resume with
/// another search space, metric, data, seed or tuner; a pruning tuner (Hyperband) stops weak trials early.
/// </remarks>
public sealed class SweepExperiment
{
    private readonly MLContext _context;
    private Func<TrialContext, IEstimator<ITransformer>>? _pipeline;
    private SweepSpace _space = FeedForwardSearchSpace.Create();
    private SweepDataset? _dataset;
    private MetricSpec? _metric;
    private Func<SweepSpace, int, ISweepTuner> _tuner = (space, seed) => new TpeTuner(space, seed);
    private string _tunerName = Named("tpe", ("startupTrials", 10));
    private ISweepMonitor? _monitor;
    private ITrialStore? _store;
    private ExperimentRun? _run;

    /// <summary>Creates an experiment.</summary>
    /// <param name="context">The ML.NET context: it splits the data (hold-out, folds); each trial gets its own context seeded with the trial's seed.</param>
    /// <param name="settings">The settings; null for the defaults. Default null.</param>
    public SweepExperiment(MLContext context, SweepExperimentSettings? settings = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Settings = settings ?? new SweepExperimentSettings();
    }

    /// <summary>The settings in effect.</summary>
    public SweepExperimentSettings Settings { get; private set; }

    /// <summary>Trials run at once in this process (same as <see cref="SweepExperimentSettings.Parallelism"/>). Default 1.</summary>
    public int Parallelism
    {
        get => Settings.Parallelism;
        set => Settings = Settings with { Parallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism must be at least 1.") };
    }

    /// <summary>The search space trials are drawn from. Default <see cref="FeedForwardSearchSpace.Create"/>, the feed-forward trainers' knobs.</summary>
    public SweepSpace SearchSpace => _space;

    /// <summary>The optimized metric's name (an ML.NET metric such as <c>AreaUnderRocCurve</c>, or a custom metric's), or null before one is set.</summary>
    public string? MetricName => _metric?.Name;

    /// <summary>The study the last <see cref="RunAsync"/> opened (a fork's when it forked), or null before.</summary>
    public StudyDefinition? Study { get; private set; }

    /// <summary>The trial store the last <see cref="RunAsync"/> used, or null before.</summary>
    public ITrialStore? TrialStore => _store;

    /// <summary>The function building a trial's pipeline from its context (seeded ML.NET context, parameters, seed, cancellation), and the space its parameters come from.</summary>
    /// <param name="factory">Builds the estimator (transforms and trainer, any ML.NET components) of one trial.</param>
    /// <param name="searchSpace">The space; null keeps the current one (by default the feed-forward space). Default null.</param>
    public SweepExperiment SetPipeline(Func<TrialContext, IEstimator<ITransformer>> factory, SweepSpace? searchSpace = null)
    {
        _pipeline = factory ?? throw new ArgumentNullException(nameof(factory));
        _space = searchSpace ?? _space;
        return this;
    }

    /// <summary>The function building a trial's pipeline from an ML.NET context (seeded with the trial's seed) and the trial's parameters, and the space they come from.</summary>
    /// <param name="factory">Builds the estimator (transforms and trainer, any ML.NET components) of one trial.</param>
    /// <param name="searchSpace">The space; null keeps the current one (by default the feed-forward space). Default null.</param>
    public SweepExperiment SetPipeline(Func<MLContext, SweepParameters, IEstimator<ITransformer>> factory, SweepSpace? searchSpace = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return SetPipeline(t => factory(t.Context, t.Parameters), searchSpace);
    }

    /// <summary>Sets the search space.</summary>
    public SweepExperiment SetSearchSpace(SweepSpace searchSpace)
    {
        _space = searchSpace ?? throw new ArgumentNullException(nameof(searchSpace));
        return this;
    }

    /// <summary>Trains every trial on <paramref name="train"/> and scores it on <paramref name="validation"/> (also MLNetDeep trainers' per-epoch validation data).</summary>
    public SweepExperiment SetDataset(IDataView train, IDataView validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _dataset = SweepDataset.WithValidation(train, validation);
        return this;
    }

    /// <summary>
    /// Cross-validates every trial over <paramref name="fold"/> folds of <paramref name="data"/> (ML.NET's
    /// <c>CrossValidationSplit</c> with the experiment's seed): the metric is the mean, the model the best fold's, the
    /// per-epoch curve the first fold's.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="fold">The number of folds, at least 2. Default 5.</param>
    public SweepExperiment SetDataset(IDataView data, int fold = 5)
    {
        ArgumentNullException.ThrowIfNull(data);
        _dataset = fold >= 2 ? SweepDataset.CrossValidation(data, fold) : throw new ArgumentOutOfRangeException(nameof(fold), fold, "Cross-validation needs at least 2 folds.");
        return this;
    }

    /// <summary>
    /// Holds out <paramref name="validationFraction"/> of <paramref name="data"/> (ML.NET's <c>TrainTestSplit</c> with the
    /// experiment's seed) to score every trial; the rest trains it.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="validationFraction">The fraction held out, strictly between 0 and 1.</param>
    public SweepExperiment SetDataset(IDataView data, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(data);
        _dataset = validationFraction is > 0 and < 1 ? SweepDataset.HoldOut(data, validationFraction)
            : throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be strictly between 0 and 1.");
        return this;
    }

    /// <summary>Optimizes one of ML.NET's binary classification metrics, by its name on <c>CalibratedBinaryClassificationMetrics</c>.</summary>
    /// <param name="metric">E.g. <c>Accuracy</c>, <c>AreaUnderRocCurve</c>, <c>F1Score</c>, <c>LogLoss</c> (needs a Probability column); case does not matter. Default <c>Accuracy</c>.</param>
    /// <param name="labelColumnName">The Boolean label column. Default <c>Label</c>.</param>
    /// <exception cref="ArgumentException">Not one of ML.NET's binary metrics; the message lists them.</exception>
    public SweepExperiment SetBinaryClassificationMetric(string metric = "Accuracy", string labelColumnName = "Label")
    {
        _metric = MetricSpec.Binary(metric, labelColumnName);
        return this;
    }

    /// <summary>Optimizes one of ML.NET's multiclass classification metrics, by its name on <c>MulticlassClassificationMetrics</c>.</summary>
    /// <param name="metric">E.g. <c>MicroAccuracy</c>, <c>MacroAccuracy</c>, <c>LogLoss</c>, <c>LogLossReduction</c>. Default <c>MicroAccuracy</c>.</param>
    /// <param name="labelColumnName">The key label column. Default <c>Label</c>.</param>
    /// <exception cref="ArgumentException">Not one of ML.NET's multiclass metrics; the message lists them.</exception>
    public SweepExperiment SetMulticlassClassificationMetric(string metric = "MicroAccuracy", string labelColumnName = "Label")
    {
        _metric = MetricSpec.Multiclass(metric, labelColumnName);
        return this;
    }

    /// <summary>Optimizes one of ML.NET's regression metrics, by its name on <c>RegressionMetrics</c>.</summary>
    /// <param name="metric">E.g. <c>RSquared</c>, <c>MeanSquaredError</c>, <c>MeanAbsoluteError</c>, <c>RootMeanSquaredError</c>. Default <c>RSquared</c>.</param>
    /// <param name="labelColumnName">The Single label column. Default <c>Label</c>.</param>
    /// <exception cref="ArgumentException">Not one of ML.NET's regression metrics; the message lists them.</exception>
    public SweepExperiment SetRegressionMetric(string metric = "RSquared", string labelColumnName = "Label")
    {
        _metric = MetricSpec.Regression(metric, labelColumnName);
        return this;
    }

    /// <summary>Optimizes a metric of the user's: <paramref name="metric"/> scores a trial's fitted model on the validation data (not yet transformed).</summary>
    /// <param name="name">The metric's name (stored with the study).</param>
    /// <param name="metric">(trial's ML.NET context, fitted model, validation data) to the metric.</param>
    /// <param name="higherIsBetter">Whether larger values are better (the loss is then -metric). Default true.</param>
    public SweepExperiment SetMetric(string name, Func<MLContext, ITransformer, IDataView, double> metric, bool higherIsBetter = true)
    {
        _metric = MetricSpec.Custom(name, metric, higherIsBetter);
        return this;
    }

    /// <summary>Stops after this many seconds: running trials are cancelled (and re-queued; one stopped so a second time fails) and the best so far is returned.</summary>
    public SweepExperiment SetTrainingTimeInSeconds(uint trainingTimeInSeconds)
    {
        Settings = Settings with { TrainingTimeInSeconds = trainingTimeInSeconds };
        return this;
    }

    /// <summary>Stops when the study holds this many trials (including those of earlier runs of the same study).</summary>
    public SweepExperiment SetMaxModelToExplore(int maxModelToExplore)
    {
        Settings = Settings with { MaxModels = maxModelToExplore >= 1 ? maxModelToExplore : throw new ArgumentOutOfRangeException(nameof(maxModelToExplore), maxModelToExplore, "At least one model.") };
        return this;
    }

    /// <summary>Runs this many trials at once.</summary>
    public SweepExperiment SetParallelism(int parallelism)
    {
        Parallelism = parallelism;
        return this;
    }

    /// <summary>Uses <paramref name="tuner"/> (built over this experiment's search space).</summary>
    /// <param name="tuner">The tuner.</param>
    /// <param name="name">The tuner and its settings as the study records them (resuming with another is refused); null for its type's name. Default null.</param>
    public SweepExperiment SetTuner(ISweepTuner tuner, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        return SetTuner((_, _) => tuner, name ?? tuner.GetType().Name);
    }

    /// <summary>Uses the tuner <paramref name="factory"/> builds from the search space and the experiment's seed when the run starts.</summary>
    /// <param name="factory">Builds the tuner.</param>
    /// <param name="name">The tuner and its settings as the study records them (resuming with another is refused).</param>
    public SweepExperiment SetTuner(Func<SweepSpace, int, ISweepTuner> factory, string name)
    {
        _tuner = factory ?? throw new ArgumentNullException(nameof(factory));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _tunerName = name;
        return this;
    }

    /// <summary>Random search (<see cref="RandomSearchTuner"/>).</summary>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public SweepExperiment SetRandomSearchTuner(int? seed = null) =>
        SetTuner((s, e) => new RandomSearchTuner(s, seed ?? e), Named("random", ("seed", seed)));

    /// <summary>Grid search (<see cref="GridSearchTuner"/>).</summary>
    /// <param name="step">Points per numeric parameter. Default 5.</param>
    public SweepExperiment SetGridSearchTuner(int step = 5) => SetTuner((s, _) => new GridSearchTuner(s, step), Named("grid", ("step", step)));

    /// <summary>Coarse-to-fine search (<see cref="CoarseToFineTuner"/>).</summary>
    /// <param name="trialsPerRound">Trials per round. Default 10.</param>
    /// <param name="topFraction">The fraction of trials each round narrows around. Default 0.25.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public SweepExperiment SetCoarseToFineTuner(int trialsPerRound = 10, double topFraction = 0.25, int? seed = null) =>
        SetTuner((s, e) => new CoarseToFineTuner(s, seed ?? e, trialsPerRound, topFraction),
            Named("coarse-to-fine", ("trialsPerRound", trialsPerRound), ("topFraction", topFraction), ("seed", seed)));

    /// <summary>Hyperband with epochs as the budget (<see cref="HyperbandTuner"/>); it also prunes weak trials.</summary>
    /// <param name="minEpochs">The smallest budget. Default 1.</param>
    /// <param name="maxEpochs">Every trial's epochs. Default 27.</param>
    /// <param name="eta">The reduction factor. Default 3.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public SweepExperiment SetHyperbandTuner(int minEpochs = 1, int maxEpochs = 27, int eta = 3, int? seed = null) =>
        SetTuner((s, e) => new HyperbandTuner(s, seed ?? e, minEpochs, maxEpochs, eta),
            Named("hyperband", ("minEpochs", minEpochs), ("maxEpochs", maxEpochs), ("eta", eta), ("seed", seed)));

    /// <summary>TPE (<see cref="TpeTuner"/>), the default.</summary>
    /// <param name="startupTrials">Random trials first. Default 10.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public SweepExperiment SetTpeTuner(int startupTrials = 10, int? seed = null) =>
        SetTuner((s, e) => new TpeTuner(s, seed ?? e, startupTrials), Named("tpe", ("startupTrials", startupTrials), ("seed", seed)));

    /// <summary>Reports trials to <paramref name="monitor"/>.</summary>
    public SweepExperiment SetMonitor(ISweepMonitor monitor)
    {
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        return this;
    }

    /// <summary>Persists trials in <paramref name="store"/> under study <paramref name="studyName"/> (default: an in-memory store, study <c>default</c>).</summary>
    /// <param name="store">The store.</param>
    /// <param name="studyName">The study; null keeps <see cref="SweepExperimentSettings.StudyName"/>. Default null.</param>
    /// <param name="forkOnMismatch">Fork a new study when the existing one has another search space, metric, data, seed or tuner, instead of refusing. Default false.</param>
    public SweepExperiment SetTrialStore(ITrialStore store, string? studyName = null, bool forkOnMismatch = false)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Settings = Settings with { StudyName = studyName ?? Settings.StudyName, ForkOnMismatch = forkOnMismatch };
        return this;
    }

    /// <summary>
    /// Runs trials until the trial limit, the time limit or <paramref name="cancellationToken"/>, and returns the best
    /// completed trial of the study (lowest loss; its <see cref="SweepTrialResult.Model"/> is null when it was trained by
    /// another process or an earlier run: <see cref="Refit"/> fits it again). Throws <see cref="InvalidOperationException"/>
    /// when it is not set up (no limit, no pipeline, no data, no metric) or when no trial completed,
    /// <see cref="StudyMismatchException"/> when the study exists with another search space, metric, data, seed or tuner
    /// (unless forking), <see cref="TimeoutException"/> when the time ran out before any trial completed, and
    /// <see cref="OperationCanceledException"/> when cancelled before any completed.
    /// </summary>
    public Task<SweepTrialResult> RunAsync(CancellationToken cancellationToken = default)
    {
        (Func<TrialContext, IEstimator<ITransformer>> pipeline, SweepDataset dataset, MetricSpec metric) = CheckSetUp();
        ITrialStore store = _store ??= new InMemoryTrialStore();
        int seed = Settings.Seed;
        Study = store.OpenStudy(new StudyDefinition(Settings.StudyName, _space.Fingerprint, _space.ToJson(), metric.Name, metric.Direction)
        {
            DataFingerprint = dataset.Fingerprint(),
            Seed = seed,
            Tuner = _tunerName,
        }, Settings.ForkOnMismatch);
        _run = new ExperimentRun(new ExperimentRun.Setup(Settings, Study.Name, store, _space, _tuner(_space, seed), pipeline, metric, _monitor,
            dataset.Prepare(_context, seed)));
        return _run.RunAsync(cancellationToken);
    }

    /// <summary>
    /// Fits the pipeline of a trial again, from its parameters and seed, on the experiment's training data (with
    /// cross-validation, on all of it): the model of a best trial that another process or an earlier run trained. Call
    /// it after <see cref="RunAsync"/>.
    /// </summary>
    /// <param name="trial">The trial's settings (<c>SweepTrialResult.TrialSettings</c>).</param>
    /// <param name="cancellationToken">Stops the fit. Default none.</param>
    public ITransformer Refit(SweepTrialSettings trial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return (_run ?? throw new InvalidOperationException("Refit needs a run: call RunAsync first.")).Refit(trial, cancellationToken);
    }

    /// <summary>The study's trials ranked, counted and each parameter's importance, read from the store. Call it after <see cref="RunAsync"/>.</summary>
    public StudySummary GetSummary() => StudySummary.Create(_space, Trials());

    /// <summary>
    /// The study as a plain history for MLNetDeep.Reporting's sweep charts and report section (<c>SweepReport.Add</c>):
    /// every trial's status, metric, loss, duration and parameters placed on the search space's axes, and the
    /// importances. Call it after <see cref="RunAsync"/>.
    /// </summary>
    public SweepHistory GetSweepHistory()
    {
        IReadOnlyList<TrialRecord> trials = Trials();
        return SweepHistoryBuilder.Build(Study!.Name, Study.Metric, _space, trials);
    }

    private IReadOnlyList<TrialRecord> Trials() => Study is { } study && _store is { } store
        ? store.GetTrials(study.Name)
        : throw new InvalidOperationException("The experiment has not run: call RunAsync first.");

    private (Func<TrialContext, IEstimator<ITransformer>>, SweepDataset, MetricSpec) CheckSetUp()
    {
        if (Settings.MaxModels is null && Settings.TrainingTimeInSeconds is null)
        {
            throw new InvalidOperationException(
                "The experiment has neither a time limit (SetTrainingTimeInSeconds) nor a trial limit (SetMaxModelToExplore), so it would never stop. Set at least one; cancelling RunAsync's token stops it earlier.");
        }

        return (_pipeline ?? throw new InvalidOperationException("SetPipeline was not called: the experiment has no pipeline to train."),
            _dataset ?? throw new InvalidOperationException("SetDataset was not called: the experiment has no data."),
            _metric ?? throw new InvalidOperationException("No metric: call SetBinaryClassificationMetric, SetMulticlassClassificationMetric, SetRegressionMetric or SetMetric."));
    }

    /// <summary>A tuner's name for the study, e.g. <c>coarse-to-fine(trialsPerRound=10, topFraction=0.25)</c> (unset seeds left out).</summary>
    private static string Named(string tuner, params (string Name, object? Value)[] settings)
    {
        string[] given = settings.Where(s => s.Value is not null).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}={s.Value}")).ToArray();
        return given.Length == 0 ? tuner : $"{tuner}({string.Join(", ", given)})";
    }
}
