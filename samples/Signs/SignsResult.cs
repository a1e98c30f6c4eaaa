namespace MLNetDeep.Samples.Signs;

/// <summary>What the Signs experiment measured.</summary>
/// <param name="Row">Train and test accuracy.</param>
/// <param name="Costs">The cost every <see cref="SignsSettings.PrintEvery"/> epochs.</param>
/// <param name="Examples">A few test images with predicted and true classes.</param>
/// <param name="TrainCount">Training images used.</param>
/// <param name="TestCount">Test images used.</param>
public sealed record SignsResult(CourseRow Row, IReadOnlyList<CostPoint> Costs, IReadOnlyList<ImageExample> Examples, int TrainCount, int TestCount);
