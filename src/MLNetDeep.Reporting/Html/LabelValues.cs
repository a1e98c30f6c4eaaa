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
        ? DataViewValues.ReadAnnotation(column, "KeyValues")?.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray()
        : null;

    /// <summary>The class index of every row of <paramref name="data"/> (-1 for a missing key) and the class names.</summary>
    public static (int[] Classes, IReadOnlyList<string> Names) Read(IDataView data, DataViewSchema.Column column)
    {
        var classes = new List<int>();
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        switch (column.Type)
        {
            case BooleanDataViewType:
                ValueGetter<bool> b = cursor.GetGetter<bool>(column);
                bool flag = false;
                while (cursor.MoveNext())
                {
                    b(ref flag);
                    classes.Add(flag ? 1 : 0);
                }

                return ([.. classes], ["false", "true"]);
            case NumberDataViewType when column.Type == NumberDataViewType.Single:
                // A binary label as ML.NET's binary trainers read it (PrepareLabel's): positive above 0, NaN missing.
                ValueGetter<float> f = cursor.GetGetter<float>(column);
                float number = 0;
                while (cursor.MoveNext())
                {
                    f(ref number);
                    classes.Add(float.IsNaN(number) ? -1 : number > 0 ? 1 : 0);
                }

                return ([.. classes], ["false", "true"]);
            case KeyDataViewType key:
                ValueGetter<uint> k = cursor.GetGetter<uint>(column);
                uint value = 0;
                while (cursor.MoveNext())
                {
                    k(ref value);
                    classes.Add((int)value - 1);
                }

                return ([.. classes], KeyNames(column) ?? Enumerable.Range(0, (int)Math.Min(key.Count, 100_000)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
            default:
                ValueGetter<ReadOnlyMemory<char>> t = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> text = default;
                var raw = new List<string>();
                while (cursor.MoveNext())
                {
                    t(ref text);
                    raw.Add(text.ToString());
                }

                string[] names = raw.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                return (raw.Select(v => Array.IndexOf(names, v)).ToArray(), names);
        }
    }
}
