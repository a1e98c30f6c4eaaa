namespace MLNetDeep.Samples.LearningRateDecay;

using MLNetDeep.Neural.Layers;

/// <summary>One model's run.</summary>
/// <param name="Row">Name, train and test accuracy.</param>
/// <param name="Rates">The learning rate the trainer used in each epoch (index 0 is epoch 0).</param>
/// <param name="FileName">The short name its decision boundary is written under (e.g. <c>adam-stepped</c>), or null.</param>
/// <param name="Network">The trained network (for its decision boundary), or null when not kept.</param>
public sealed record DecayRun(CourseRow Row, IReadOnlyList<double> Rates, string? FileName = null, Network? Network = null);
