namespace MLNetDeep.Neural.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The epoch, counting from 1.</param>
/// <param name="Loss">Mean training cost over the epoch's mini-batches as they were trained (training mode), L2 term included.</param>
/// <param name="Metric">Training metric over the same batches: accuracy for classification, MSE for regression.</param>
/// <param name="ValidationLoss">Loss on the validation set in inference mode (no L2 term), or null without one.</param>
/// <param name="ValidationMetric">Metric on the validation set, or null without one.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took, validation included.</param>
public sealed record EpochRecord(int Epoch, double Loss, double Metric, double? ValidationLoss, double? ValidationMetric, double LearningRate, double Seconds)
{
    /// <summary>
    /// Wall-clock seconds of training from the run's start through this epoch, a resumed run's earlier processes included
    /// (the time its checkpoint recorded, up to that checkpoint), not the time in between; the epochs a resume restored
    /// have their per-epoch <see cref="Seconds"/> added up. 0 where not measured (a model's training record).
    /// </summary>
    public double TrainingSeconds { get; init; }
}
