namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Trainers;

/// <summary>Regression: Single labels (<c>context.Regression</c>), as ML.NET's <c>RegressionCatalog</c>.</summary>
public sealed partial class RegressionCatalog
{
    internal RegressionCatalog(DeepContext context)
    {
        Context = context;
        Trainers = new RegressionTrainers(context);
    }

    /// <summary>Evaluates scored data (from a regression prediction transformer) against its Single labels.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
    /// <param name="scoreColumnName">The score column. Default <c>Score</c>.</param>
    public Evaluation.RegressionMetrics Evaluate(Data.IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(data);
        return Evaluation.Evaluator.Regression(data, labelColumnName, scoreColumnName);
    }

    /// <summary>
    /// Trains <paramref name="estimator"/> on k-1 folds and evaluates it on the remaining one, for each of the k folds.
    /// </summary>
    /// <param name="data">The data to split.</param>
    /// <param name="estimator">The pipeline to train, including its trainer.</param>
    /// <param name="numberOfFolds">k; at least 2. Default 5.</param>
    /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
    /// <param name="samplingKeyColumnName">Rows with equal values of this column are spread evenly over the folds (stratification). When null, rows are assigned to folds at random.</param>
    /// <param name="seed">The seed of the fold assignment; null uses the context's seed.</param>
    public IReadOnlyList<CrossValidationResult<Evaluation.RegressionMetrics>> CrossValidate(Data.IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = "Label", string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidation.Run(Context, data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => Evaluate(scored, labelColumnName));

    /// <summary>The trainers for this task.</summary>
    public RegressionTrainers Trainers { get; }

    internal DeepContext Context { get; }

    /// <summary>The trainers of <c>context.Regression</c>.</summary>
    public sealed class RegressionTrainers
    {
        private readonly DeepContext _context;

        internal RegressionTrainers(DeepContext context)
        {
            _context = context;
        }

        /// <summary>A feed-forward network trainer (Single label) with the key hyperparameters; every other option at its default.</summary>
        /// <param name="labelColumnName">The label column. Default <c>Label</c>.</param>
        /// <param name="featureColumnName">The feature vector column. Default <c>Features</c>.</param>
        /// <param name="exampleWeightColumnName">An example weight column, or null. Default null.</param>
        /// <param name="hiddenLayers">Hidden layer widths; null for the default [256, 128].</param>
        /// <param name="learningRate">Adam's initial learning rate (annealed by the default cosine schedule). Default 0.003.</param>
        /// <param name="numberOfEpochs">Passes over the data. Default 20.</param>
        /// <param name="batchSize">Examples per mini-batch. Default 128.</param>
        /// <param name="dropoutRate">Probability of dropping a hidden unit. Default 0 (no dropout for regression; the classifiers default to 0.2).</param>
        public FeedForwardRegressionTrainer FeedForward(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
            int[]? hiddenLayers = null, float learningRate = 0.003f, int numberOfEpochs = 20, int batchSize = 128, float dropoutRate = 0f)
            => new(_context, FeedForwardTrainerOptions.Simple<FeedForwardRegressionTrainer.Options>(
                labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, learningRate, numberOfEpochs, batchSize, dropoutRate));

        /// <summary>A feed-forward network trainer (Single label) with every option given.</summary>
        public FeedForwardRegressionTrainer FeedForward(FeedForwardRegressionTrainer.Options options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return new FeedForwardRegressionTrainer(_context, options);
        }
    }
}
