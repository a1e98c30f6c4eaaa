namespace MLNetDeep.Samples;

using MLNetDeep.Neural.Layers;

/// <summary>One trained model of a course notebook, kept for its pictures.</summary>
/// <param name="Row">Name, train and test accuracy.</param>
/// <param name="FileName">The short name its picture is written under (e.g. <c>he</c> for <c>he.svg</c>).</param>
/// <param name="Network">The trained network.</param>
/// <param name="Costs">The training cost of each iteration (epoch; index 0 is the first), as the trainer recorded it.</param>
public sealed record CourseModel(CourseRow Row, string FileName, Network Network, IReadOnlyList<double> Costs);
