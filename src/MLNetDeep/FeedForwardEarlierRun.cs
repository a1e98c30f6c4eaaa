namespace MLNetDeep;

using MLNetDeep.Neural.Training;

/// <summary>
/// A run that a continued model's network went through before its own (<see cref="FeedForwardModelInfo.EarlierRuns"/>):
/// the run of the initial model given to <c>trainer.Fit(data, initialModel)</c>, or one of that model's earlier runs.
/// </summary>
/// <param name="History">Its epochs, numbered on the model's one axis across runs (the first run's from 1); at least one.</param>
/// <param name="ModelEpoch">The epoch (on that axis) whose weights the next run started from: the run's last, or its best when early stopping restored the best weights.</param>
/// <param name="ChangedOptions">The trainer options in which it differed from the model's own run (<see cref="FeedForwardModelInfo.Options"/>), by option name, e.g. <c>LearningRate</c> = <c>0.01</c>; empty when the same.</param>
public sealed record FeedForwardEarlierRun(IReadOnlyList<EpochRecord> History, int ModelEpoch, IReadOnlyDictionary<string, string> ChangedOptions)
{
    /// <summary>
    /// The class weights the run trained with as resolved (what <c>ClassWeights.Balanced</c> computed from that run's
    /// rows, or the explicit weights), as <see cref="FeedForwardModelInfo.ClassWeights"/> has them for the model's own
    /// run; null without class weights, or in a record from an MLNetDeep version that did not keep them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, float>>? ClassWeights { get; internal init; }
}
