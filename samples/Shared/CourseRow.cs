namespace MLNetDeep.Samples;

/// <summary>One row of a course notebook's results table.</summary>
/// <param name="Model">The model's name as the notebook writes it.</param>
/// <param name="TrainAccuracy">Accuracy on the training set, a fraction in [0, 1].</param>
/// <param name="TestAccuracy">Accuracy on the test set, a fraction in [0, 1].</param>
public sealed record CourseRow(string Model, double TrainAccuracy, double TestAccuracy);
