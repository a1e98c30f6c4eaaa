namespace MLNetDeep.Samples.QuickStart;

/// <summary>What the quick start measured.</summary>
/// <param name="TestAccuracy">Micro accuracy on the held-out 20%.</param>
/// <param name="ConfusionTable">The confusion table as printed.</param>
/// <param name="Example">The prediction engine's answer for the first test row.</param>
public sealed record QuickStartResult(double TestAccuracy, string ConfusionTable, SpiralPrediction Example);
