namespace MLNetDeep.Reporting.Html;

/// <summary>What a report says about a data set: its size, its columns and, for classification, how the labels are spread.</summary>
/// <param name="Name">Where the data came from (a file name).</param>
/// <param name="Rows">The number of rows.</param>
/// <param name="Columns">Each column's name and type, in order.</param>
/// <param name="LabelColumn">The label column, or null.</param>
/// <param name="LabelCounts">Rows per label value (classification), or null.</param>
public sealed record DataSummary(string Name, long Rows, IReadOnlyList<KeyValuePair<string, string>> Columns, string? LabelColumn, IReadOnlyList<KeyValuePair<string, long>>? LabelCounts);
