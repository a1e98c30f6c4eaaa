namespace MLNetDeep.Samples.DataGenerator;

/// <summary>One generated data file.</summary>
/// <param name="Name">The file name inside data/, such as <c>circles-train.csv</c>.</param>
/// <param name="Content">The whole file: header <c>X1,X2,Label</c>, then one line per example, <c>\n</c> line ends.</param>
public sealed record DataFile(string Name, string Content);
