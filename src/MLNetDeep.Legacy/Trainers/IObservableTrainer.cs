namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Training;

/// <summary>
/// A trainer the AutoML experiment can watch and stop: it fits with a validation set supplied at fit time (already
/// transformed by the pipeline's earlier steps), reports every epoch, and honours cancellation within one mini-batch.
/// </summary>
internal interface IObservableTrainer
{
    /// <summary>Fits as the trainer's own options say, except for the validation set and an extra progress callback.</summary>
    /// <param name="input">Training data.</param>
    /// <param name="validationSet">Validation data replacing the options' <c>ValidationSet</c>, or null to keep it.</param>
    /// <param name="progress">Called after every epoch, after the options' own <c>Progress</c>; or null.</param>
    /// <param name="cancellationToken">Stops training within one mini-batch.</param>
    ITransformer Fit(IDataView input, IDataView? validationSet, Action<EpochRecord>? progress, CancellationToken cancellationToken);
}
