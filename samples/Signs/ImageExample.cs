namespace MLNetDeep.Samples.Signs;

/// <summary>One test image with the network's guess.</summary>
/// <param name="Index">The image's row in the test set.</param>
/// <param name="Predicted">The predicted class name.</param>
/// <param name="Actual">The true class name.</param>
/// <param name="Lines">The image as ASCII art (<see cref="AsciiArt"/>).</param>
public sealed record ImageExample(int Index, string Predicted, string Actual, IReadOnlyList<string> Lines);
