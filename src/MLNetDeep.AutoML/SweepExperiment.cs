namespace MLNetDeep.AutoML;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Legacy.Data;

/// <summary>
/// An AutoML experiment, shaped like ML.NET AutoML 2.x's <c>AutoMLExperiment</c>: a pipeline factory over a search
/// space, a dataset, a metric, limits, a tuner, a monitor and a trial store; <see cref="RunAsync"/> runs trials
/// (<see cref="AutoMLExperimentSettings.Parallelism"/> at once) and returns the best.
/// </summary>
/// <remarks>
/// Unlike ML.NET: an experiment with neither a time nor a trial limit refuses to start; cancellation stops running
/// trials within one mini-batch; every trial is persisted as it happens so running the same study again resumes it;
/// a pruning tuner (Hyperband) stops weak trials early.
/// </remarks>
public sealed class AutoMLExperiment
{
    private readonly DeepContext _context;
    private Func<TrialContext, IEstimator<ITransformer>>? _pipeline;
    private SearchSpace _space = FeedForwardSearchSpace.Create();
    private IDataView? _train;
    private IDataView? _validation;
    private int _folds;
    private MetricSpec? _metric;
    private Func<SearchSpace, int, ITuner> _tuner = (space, seed) => new TpeTuner(space, seed);
    private IMonitor? _monitor;
    private ITrialStore? _store;

    /// <summary>Creates an experiment.</summary>
    /// <param name="context">The context (its seed is the experiment's unless the settings give one).</param>
    /// <param name="settings">The settings; null for the defaults. Default null.</param>
    public AutoMLExperiment(DeepContext context, AutoMLExperimentSettings? settings = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Settings = settings ?? new AutoMLExperimentSettings();
    }

    /// <summary>The settings in effect.</summary>
    public AutoMLExperimentSettings Settings { get; private set; }

    /// <summary>Trials run at once in this process (same as <see cref="AutoMLExperimentSettings.Parallelism"/>). Default 1.</summary>
    public int Parallelism
    {
        get => Settings.Parallelism;
        set => Settings = Settings with { Parallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism must be at least 1.") };
    }

    /// <summary>The search space trials are drawn from. Default <see cref="FeedForwardSearchSpace.Create"/>.</summary>
    public SearchSpace SearchSpace => _space;

    /// <summary>The study the last <see cref="RunAsync"/> opened (a fork's name when it forked), or null before.</summary>
    public StudyDefinition? Study { get; private set; }

    /// <summary>The trial store the last <see cref="RunAsync"/> used, or null before.</summary>
    public ITrialStore? TrialStore => _store;

    /// <summary>The function building a trial's pipeline from its parameters (<see cref="TrialContext.Parameters"/>), and the space they come from.</summary>
    /// <param name="factory">Builds the estimator (transforms + trainer) of one trial; use <see cref="TrialContext.Context"/> to create its components.</param>
    /// <param name="searchSpace">The space; null keeps the current one (by default the feed-forward space). Default null.</param>
    public AutoMLExperiment SetPipeline(Func<TrialContext, IEstimator<ITransformer>> factory, SearchSpace? searchSpace = null)
    {
        _pipeline = factory ?? throw new ArgumentNullException(nameof(factory));
        if (searchSpace is not null)
        {
            _space = searchSpace;
        }

        return this;
    }

    /// <summary>Sets the search space.</summary>
    public AutoMLExperiment SetSearchSpace(SearchSpace searchSpace)
    {
        _space = searchSpace ?? throw new ArgumentNullException(nameof(searchSpace));
        return this;
    }

    /// <summary>Trains every trial on <paramref name="train"/> and scores it on <paramref name="validation"/> (also the trainers' per-epoch validation data).</summary>
    public AutoMLExperiment SetDataset(IDataView train, IDataView validation)
    {
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation ?? throw new ArgumentNullException(nameof(validation));
        _folds = 0;
        return this;
    }

    /// <summary>Cross-validates every trial over <paramref name="fold"/> folds of <paramref name="data"/> (the metric is the mean; the model is the best fold's; per-epoch reports come from the first fold).</summary>
    /// <param name="data">The data.</param>
    /// <param name="fold">The number of folds, at least 2. Default 5.</param>
    public AutoMLExperiment SetDataset(IDataView data, int fold = 5)
    {
        if (fold < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(fold), fold, "Cross-validation needs at least 2 folds.");
        }

        _train = data ?? throw new ArgumentNullException(nameof(data));
        _validation = null;
        _folds = fold;
        return this;
    }

    /// <summary>Optimizes a binary classification metric.</summary>
    /// <param name="metric">The metric. Default Accuracy.</param>
    /// <param name="labelColumn">The label column. Default <c>Label</c>.</param>
    public AutoMLExperiment SetBinaryClassificationMetric(BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, string labelColumn = "Label")
    {
        _metric = MetricSpec.Binary(metric, labelColumn);
        return this;
    }

    /// <summary>Optimizes a multiclass classification metric.</summary>
    /// <param name="metric">The metric. Default MicroAccuracy.</param>
    /// <param name="labelColumn">The label column. Default <c>Label</c>.</param>
    public AutoMLExperiment SetMulticlassClassificationMetric(MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, string labelColumn = "Label")
    {
        _metric = MetricSpec.Multiclass(metric, labelColumn);
        return this;
    }

    /// <summary>Optimizes a regression metric.</summary>
    /// <param name="metric">The metric. Default RSquared.</param>
    /// <param name="labelColumn">The label column. Default <c>Label</c>.</param>
    public AutoMLExperiment SetRegressionMetric(RegressionMetric metric = RegressionMetric.RSquared, string labelColumn = "Label")
    {
        _metric = MetricSpec.Regression(metric, labelColumn);
        return this;
    }

    /// <summary>Stops after this many seconds: running trials are cancelled (and re-queued) and the best so far is returned.</summary>
    public AutoMLExperiment SetTrainingTimeInSeconds(uint trainingTimeInSeconds)
    {
        Settings = Settings with { TrainingTimeInSeconds = trainingTimeInSeconds };
        return this;
    }

    /// <summary>Stops when the study holds this many trials (including those of earlier runs of the same study).</summary>
    public AutoMLExperiment SetMaxModelToExplore(int maxModelToExplore)
    {
        if (maxModelToExplore < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxModelToExplore), maxModelToExplore, "At least one model.");
        }

        Settings = Settings with { MaxModels = maxModelToExplore };
        return this;
    }

    /// <summary>Runs this many trials at once.</summary>
    public AutoMLExperiment SetParallelism(int parallelism)
    {
        Parallelism = parallelism;
        return this;
    }

    /// <summary>Uses <paramref name="tuner"/> (built over this experiment's search space).</summary>
    public AutoMLExperiment SetTuner(ITuner tuner)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        _tuner = (_, _) => tuner;
        return this;
    }

    /// <summary>Uses the tuner <paramref name="factory"/> builds from the search space and the experiment's seed when the run starts.</summary>
    public AutoMLExperiment SetTuner(Func<SearchSpace, int, ITuner> factory)
    {
        _tuner = factory ?? throw new ArgumentNullException(nameof(factory));
        return this;
    }

    /// <summary>Random search (<see cref="RandomSearchTuner"/>).</summary>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public AutoMLExperiment SetRandomSearchTuner(int? seed = null) => SetTuner((s, e) => new RandomSearchTuner(s, seed ?? e));

    /// <summary>Grid search (<see cref="GridSearchTuner"/>).</summary>
    /// <param name="step">Points per numeric parameter. Default 5.</param>
    public AutoMLExperiment SetGridSearchTuner(int step = 5) => SetTuner((s, _) => new GridSearchTuner(s, step));

    /// <summary>Coarse-to-fine search (<see cref="CoarseToFineTuner"/>).</summary>
    /// <param name="trialsPerRound">Trials per round. Default 10.</param>
    /// <param name="topFraction">The fraction of trials each round narrows around. Default 0.25.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public AutoMLExperiment SetCoarseToFineTuner(int trialsPerRound = 10, double topFraction = 0.25, int? seed = null) =>
        SetTuner((s, e) => new CoarseToFineTuner(s, seed ?? e, trialsPerRound, topFraction));

    /// <summary>Hyperband with epochs as the budget (<see cref="HyperbandTuner"/>); it also prunes weak trials.</summary>
    /// <param name="minEpochs">The smallest budget. Default 1.</param>
    /// <param name="maxEpochs">Every trial's epochs. Default 27.</param>
    /// <param name="eta">The reduction factor. Default 3.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public AutoMLExperiment SetHyperbandTuner(int minEpochs = 1, int maxEpochs = 27, int eta = 3, int? seed = null) =>
        SetTuner((s, e) => new HyperbandTuner(s, seed ?? e, minEpochs, maxEpochs, eta));

    /// <summary>TPE (<see cref="TpeTuner"/>), the default.</summary>
    /// <param name="startupTrials">Random trials first. Default 10.</param>
    /// <param name="seed">The seed; null for the experiment's. Default null.</param>
    public AutoMLExperiment SetTpeTuner(int startupTrials = 10, int? seed = null) => SetTuner((s, e) => new TpeTuner(s, seed ?? e, startupTrials));

    /// <summary>Reports trials to <paramref name="monitor"/>.</summary>
    public AutoMLExperiment SetMonitor(IMonitor monitor)
    {
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        return this;
    }

    /// <summary>Persists trials in <paramref name="store"/> under study <paramref name="studyName"/> (default: an in-memory store, study <c>default</c>).</summary>
    /// <param name="store">The store.</param>
    /// <param name="studyName">The study; null keeps <see cref="AutoMLExperimentSettings.StudyName"/>. Default null.</param>
    /// <param name="forkOnMismatch">Fork a new study when the existing one has another search space, instead of refusing. Default false.</param>
    public AutoMLExperiment SetTrialStore(ITrialStore store, string? studyName = null, bool forkOnMismatch = false)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Settings = Settings with { StudyName = studyName ?? Settings.StudyName, ForkOnMismatch = forkOnMismatch };
        return this;
    }

    /// <summary>
    /// Runs trials until the trial limit, the time limit or <paramref name="cancellationToken"/>, and returns the best
    /// completed trial of the study (lowest loss; its <see cref="TrialResult.Model"/> is null when it was trained by another
    /// process or an earlier run). Throws <see cref="InvalidOperationException"/> when it is not set up (no limit, no
    /// pipeline, no data, no metric) or when no trial completed, <see cref="TimeoutException"/> when the time ran out
    /// before any trial completed, and <see cref="OperationCanceledException"/> when cancelled before any completed.
    /// </summary>
    public Task<TrialResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Settings.MaxModels is null && Settings.TrainingTimeInSeconds is null)
        {
            throw new InvalidOperationException(
                "The experiment has neither a time limit (SetTrainingTimeInSeconds) nor a trial limit (SetMaxModelToExplore), so it would never stop. Set at least one; cancelling RunAsync's token stops it earlier.");
        }

        if (_pipeline is null)
        {
            throw new InvalidOperationException("SetPipeline was not called: the experiment has no pipeline to train.");
        }

        if (_train is null)
        {
            throw new InvalidOperationException("SetDataset was not called: the experiment has no data.");
        }

        if (_metric is null)
        {
            throw new InvalidOperationException("No metric: call SetBinaryClassificationMetric, SetMulticlassClassificationMetric or SetRegressionMetric.");
        }

        ITrialStore store = _store ??= new InMemoryTrialStore();
        StudyDefinition study = store.OpenStudy(new StudyDefinition(Settings.StudyName, _space.Fingerprint, _space.ToJson(), _metric.Name, _metric.Direction), Settings.ForkOnMismatch);
        Study = study;
        int seed = Settings.Seed ?? _context.Seed;
        var run = new ExperimentRun(new ExperimentRun.Setup(
            Settings, seed, study.Name, store, _space, _tuner(_space, seed), _pipeline, _metric, _monitor,
            _train, _validation, _folds == 0 ? null : _context.Data.CrossValidationSplit(_train, _folds, _metric.Task == "Regression" ? null : _metric.LabelColumn, seed)));
        return run.RunAsync(cancellationToken);
    }
}
