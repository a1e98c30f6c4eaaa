namespace MLNetDeep.Samples.BatchNormalization;

/// <summary>One network's run.</summary>
/// <param name="Row">Name, train and test accuracy.</param>
/// <param name="Losses">Mean training loss of each epoch (index 0 is epoch 1), as trained (training mode).</param>
/// <param name="Accuracies">Training accuracy of each epoch over the same mini-batches (training mode), or null when not recorded.</param>
public sealed record BatchNormRun(CourseRow Row, IReadOnlyList<double> Losses, IReadOnlyList<double>? Accuracies = null);
