namespace MLNetDeep.AutoML.Tuners;

/// <summary>
/// Stops weak trials early. While a trial trains, the experiment reports each epoch's intermediate loss (the validation
/// loss, else the training loss; lower is better); when <see cref="ShouldPrune"/> answers true the experiment cancels the
/// trial's own cancellation token (training stops within one mini-batch) and records it as
/// <see cref="TrialStatus.Pruned"/>. Implementations must be thread-safe: parallel trials report concurrently.
/// </summary>
public interface ITrialPruner
{
    /// <summary>Records <paramref name="intermediateLoss"/> of trial <paramref name="trialId"/> after epoch <paramref name="epoch"/> (from 1) and says whether to stop it.</summary>
    bool ShouldPrune(int trialId, int epoch, double intermediateLoss);
}
