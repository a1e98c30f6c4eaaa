namespace MLNetDeep.Samples.HyperparameterTuning;

using MLNetDeep.Neural.Training;

/// <summary>One "day" of babysitting: a full training run at one learning rate, its curve watched.</summary>
/// <param name="LearningRate">The day's rate.</param>
/// <param name="Curve">The run's epochs (training loss and accuracy).</param>
/// <param name="Accuracy">Validation accuracy at the end of the day.</param>
public sealed record PandaDay(double LearningRate, IReadOnlyList<EpochRecord> Curve, double Accuracy);
