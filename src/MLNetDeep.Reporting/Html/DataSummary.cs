namespace MLNetDeep.Reporting.Html;

using Microsoft.ML;

/// <summary>What a report says about a data set: its size, its columns and, for classification, how the labels are spread.</summary>
/// <param name="Name">Where the data came from (a file name).</param>
/// <param name="Rows">The number of rows.</param>
/// <param name="Columns">Each column's name and type, in order.</param>
/// <param name="LabelColumn">The label column, or null.</param>
/// <param name="LabelCounts">Rows per label value (classification), or null.</param>
public sealed record DataSummary(string Name, long Rows, IReadOnlyList<KeyValuePair<string, string>> Columns, string? LabelColumn, IReadOnlyList<KeyValuePair<string, long>>? LabelCounts)
{
    /// <summary>
    /// Reads the summary of an ML.NET data view: its visible columns and types, its rows and, for a class label (Boolean,
    /// key or text), the rows per class.
    /// </summary>
    /// <param name="name">Where the data came from.</param>
    /// <param name="data">The data.</param>
    /// <param name="labelColumnName">The label column, or null; a column the data lacks is left out. Default null.</param>
    public static DataSummary Of(string name, IDataView data, string? labelColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        var columns = data.Schema.Where(c => !c.IsHidden).Select(c => KeyValuePair.Create(c.Name, c.Type.ToString() ?? "?")).ToArray();
        DataViewSchema.Column? label = labelColumnName is null ? null : data.Schema.GetColumnOrNull(labelColumnName);
        if (label is { } l && LabelValues.IsClassLabel(l))
        {
            var (classes, names) = LabelValues.Read(data, l);
            var counts = new long[names.Count];
            foreach (int c in classes.Where(c => c >= 0 && c < counts.Length))
            {
                counts[c]++;
            }

            return new DataSummary(name, classes.Length, columns, l.Name, names.Select((n, i) => KeyValuePair.Create(n, counts[i])).ToArray());
        }

        return new DataSummary(name, DataViewValues.CountRows(data), columns, label?.Name, null);
    }
}
