namespace MLNetDeep.Samples.LearningRateDecay;

/// <summary>One model's run.</summary>
/// <param name="Row">Name, train and test accuracy.</param>
/// <param name="Rates">The learning rate the trainer used in each epoch (index 0 is epoch 0).</param>
public sealed record DecayRun(CourseRow Row, IReadOnlyList<double> Rates);
