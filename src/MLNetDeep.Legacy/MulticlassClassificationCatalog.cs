namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Trainers;

/// <summary>Multiclass classification: key labels (from MapValueToKey) (<c>context.MulticlassClassification</c>), as ML.NET's <c>MulticlassClassificationCatalog</c>.</summary>
public sealed partial class MulticlassClassificationCatalog
{
    internal MulticlassClassificationCatalog(DeepContext context)
    {
        Context = context;
        Trainers = new MulticlassClassificationTrainers(context);
    }

    /// <summary>Evaluates scored data (from a multiclass prediction transformer) against its key labels.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
    /// <param name="scoreColumnName">The score (class probabilities) column. Default <c>Score</c>.</param>
    /// <param name="predictedLabelColumnName">The predicted label column. Default <c>PredictedLabel</c>.</param>
    /// <param name="topKPredictionCount">k for top-k accuracy; 0 to skip it. Default 0.</param>
    public Evaluation.MulticlassClassificationMetrics Evaluate(Data.IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Evaluation.Evaluator.Multiclass(data, labelColumnName, scoreColumnName, predictedLabelColumnName, topKPredictionCount);
    }

    /// <summary>
    /// Trains <paramref name="estimator"/> on k-1 folds and evaluates it on the remaining one, for each of the k folds.
    /// </summary>
    /// <param name="data">The data to split.</param>
    /// <param name="estimator">The pipeline to train, including its trainer.</param>
    /// <param name="numberOfFolds">k; at least 2. Default 5.</param>
    /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
    /// <param name="samplingKeyColumnName">Rows with equal values of this column are spread evenly over the folds (stratification). When null, folds are stratified by the label, so every fold keeps the class proportions (scikit-learn's default for classifiers; ML.NET does not stratify).</param>
    /// <param name="seed">The seed of the fold assignment; null uses the context's seed.</param>
    public IReadOnlyList<CrossValidationResult<Evaluation.MulticlassClassificationMetrics>> CrossValidate(Data.IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = "Label", string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, samplingKeyColumnName ?? labelColumnName, seed, scored => Evaluate(scored, labelColumnName));

    /// <summary>The trainers for this task.</summary>
    public MulticlassClassificationTrainers Trainers { get; }

    internal DeepContext Context { get; }

    /// <summary>The trainers of <c>context.MulticlassClassification</c>.</summary>
    public sealed class MulticlassClassificationTrainers
    {
        private readonly DeepContext _context;

        internal MulticlassClassificationTrainers(DeepContext context)
        {
            _context = context;
        }

        /// <summary>A feed-forward network trainer (key label) with the key hyperparameters; every other option at its default.</summary>
        /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
        /// <param name="featureColumnName">The feature vector column. Default <c>Features</c>.</param>
        /// <param name="exampleWeightColumnName">An example weight column, or null. Default null.</param>
        /// <param name="hiddenLayers">Hidden layer widths; null for the default [256, 128].</param>
        /// <param name="learningRate">Adam's initial learning rate (annealed by the default cosine schedule). Default 0.003.</param>
        /// <param name="numberOfEpochs">Passes over the data. Default 20.</param>
        /// <param name="batchSize">Examples per mini-batch. Default 128.</param>
        /// <param name="dropoutRate">Probability of dropping a hidden unit. Default 0.2.</param>
        public FeedForwardMulticlassTrainer FeedForward(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
            int[]? hiddenLayers = null, float learningRate = 0.003f, int numberOfEpochs = 20, int batchSize = 128, float dropoutRate = 0.2f)
            => new(_context, FeedForwardTrainerOptions.Simple<FeedForwardMulticlassTrainer.Options>(
                labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, learningRate, numberOfEpochs, batchSize, dropoutRate));

        /// <summary>A feed-forward network trainer (key label) with every option given.</summary>
        public FeedForwardMulticlassTrainer FeedForward(FeedForwardMulticlassTrainer.Options options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return new FeedForwardMulticlassTrainer(_context, options);
        }
    }
}
