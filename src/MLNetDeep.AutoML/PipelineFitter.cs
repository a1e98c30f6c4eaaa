namespace MLNetDeep.AutoML;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Training;
using MLNetDeep.Legacy.Trainers;

/// <summary>
/// Fits a trial's pipeline step by step so that the experiment can watch and stop it: the validation data is passed
/// through the fitted earlier steps and handed to the trainer, which reports every epoch and stops within one
/// mini-batch when the token is cancelled. Estimators other than chains and MLNetDeep trainers are fitted as they are
/// (cancellation is checked between steps).
/// </summary>
internal static class PipelineFitter
{
    public static ITransformer Fit(IEstimator<ITransformer> estimator, IDataView train, IDataView? validation, Action<EpochRecord>? progress, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (estimator is IObservableTrainer trainer)
        {
            return trainer.Fit(train, validation, progress, token);
        }

        if (Steps(estimator) is not { } steps)
        {
            ITransformer t = estimator.Fit(train);
            token.ThrowIfCancellationRequested();
            return t;
        }

        estimator.GetOutputSchema(SchemaShape.Create(train.Schema)); // fail fast, before any training
        var fitted = new List<ITransformer>();
        IDataView current = train;
        IDataView? currentValidation = validation;
        foreach (IEstimator<ITransformer> step in steps)
        {
            ITransformer t = Fit(step, current, currentValidation, progress, token);
            fitted.Add(t);
            current = t.Transform(current);
            currentValidation = currentValidation is null ? null : t.Transform(currentValidation);
        }

        return new TransformerChain<ITransformer>([.. fitted]);
    }

    private static IReadOnlyList<IEstimator<ITransformer>>? Steps(IEstimator<ITransformer> estimator) =>
        (estimator as IEstimatorChain)?.Estimators;
}
