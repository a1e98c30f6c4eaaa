namespace MLNetDeep.Reporting.Charts;

/// <summary>A data point of a two-feature data set with its class, for <see cref="DecisionBoundaryChart"/>.</summary>
/// <param name="X">The first feature.</param>
/// <param name="Y">The second feature.</param>
/// <param name="Label">The class index (0, 1, ...: binary 0 = negative, 1 = positive).</param>
public readonly record struct LabeledPoint(double X, double Y, int Label);
