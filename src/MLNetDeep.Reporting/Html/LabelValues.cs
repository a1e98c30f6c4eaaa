namespace MLNetDeep.Reporting.Html;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Reads a label column as class indices and names: a Boolean label is class 0 (false) or 1 (true); a key label is its
/// key minus 1, named by the column's key values when it has them; a text label is its distinct values in sorted order.
/// Numeric labels (regression) have no classes.
/// </summary>
internal static class LabelValues
{
    /// <summary>Whether the column is a class label this reader understands.</summary>
    public static bool IsClassLabel(DataViewSchema.Column column) =>
        column.Type is BooleanDataViewType or KeyDataViewType || column.Type.RawType == typeof(ReadOnlyMemory<char>);

    /// <summary>The class names of a key column from its key values, or null when it has none.</summary>
    public static IReadOnlyList<string>? KeyNames(DataViewSchema.Column column) => column.Type is KeyDataViewType
        ? DataViewValues.ReadAnnotation(column, "KeyValues")?.Select(DataViewValues.ToText).ToArray()
        : null;

    /// <summary>The class index of every row of <paramref name="data"/> (-1 for a missing key) and the class names.</summary>
    public static (int[] Classes, IReadOnlyList<string> Names) Read(IDataView data, DataViewSchema.Column column)
    {
        IReadOnlyList<object> values = DataViewValues.Read(data, column);
        switch (column.Type)
        {
            case BooleanDataViewType:
                return (values.Select(v => (bool)v ? 1 : 0).ToArray(), ["false", "true"]);
            case NumberDataViewType when column.Type == NumberDataViewType.Single:
                // A binary label as ML.NET's binary trainers read it (PrepareLabel's): positive above 0, NaN missing.
                return (values.Select(v => (float)v is var n && float.IsNaN(n) ? -1 : n > 0 ? 1 : 0).ToArray(), ["false", "true"]);
            case KeyDataViewType key:
                return (values.Select(v => (int)Math.Min(Convert.ToUInt64(v, CultureInfo.InvariantCulture), int.MaxValue) - 1).ToArray(), // any key type: Byte ... UInt64
                    KeyNames(column) ?? Enumerable.Range(0, (int)Math.Min(key.Count, 100_000)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
            default:
                string[] names = values.Cast<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                return (values.Select(v => Array.IndexOf(names, (string)v)).ToArray(), names);
        }
    }
}
