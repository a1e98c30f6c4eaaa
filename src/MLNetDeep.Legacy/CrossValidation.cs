namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;

/// <summary>The cross-validation loop the task catalogs share.</summary>
internal static class CrossValidation
{
    public static IReadOnlyList<CrossValidationResult<TMetrics>> Run<TMetrics>(DeepContext context, IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds, string? samplingKeyColumnName, int? seed, Func<IDataView, TMetrics> evaluate)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        var results = new List<CrossValidationResult<TMetrics>>();
        IReadOnlyList<DataOperationsCatalog.TrainTestData> folds = context.Data.CrossValidationSplit(data, numberOfFolds, samplingKeyColumnName, seed);
        for (int i = 0; i < folds.Count; i++)
        {
            ITransformer model = estimator.Fit(folds[i].TrainSet);
            IDataView scored = model.Transform(folds[i].TestSet);
            results.Add(new CrossValidationResult<TMetrics>(model, evaluate(scored), scored, i));
        }

        return results;
    }
}
