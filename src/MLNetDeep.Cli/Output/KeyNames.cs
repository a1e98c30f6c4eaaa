namespace MLNetDeep.Cli.Output;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>The text of a column's key values or slot names (ML.NET annotations), for CSV headers and messages.</summary>
internal static class KeyNames
{
    /// <summary>
    /// The key values of a key column as text, in key order (or another annotation holding values, such as the
    /// <c>TrainingLabelValues</c> ML.NET puts on a multiclass score); null when it has none.
    /// </summary>
    public static string[]? Of(DataViewSchema.Column column, string annotation = "KeyValues")
    {
        if (column.Annotations.Schema.GetColumnOrNull(annotation) is not { Type: VectorDataViewType vector })
        {
            return null;
        }

        Type raw = vector.ItemType.RawType;
        return raw == typeof(ReadOnlyMemory<char>) ? Read<ReadOnlyMemory<char>>(column, annotation, v => v.ToString())
            : raw == typeof(float) ? Read<float>(column, annotation, v => v.ToString("R", CultureInfo.InvariantCulture))
            : raw == typeof(double) ? Read<double>(column, annotation, v => v.ToString("R", CultureInfo.InvariantCulture))
            : raw == typeof(bool) ? Read<bool>(column, annotation, v => v ? "true" : "false")
            : raw == typeof(int) ? Read<int>(column, annotation, v => v.ToString(CultureInfo.InvariantCulture))
            : raw == typeof(uint) ? Read<uint>(column, annotation, v => v.ToString(CultureInfo.InvariantCulture))
            : raw == typeof(long) ? Read<long>(column, annotation, v => v.ToString(CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>The slot names of a vector column, or null.</summary>
    public static string[]? SlotNames(DataViewSchema.Column column)
    {
        if (!column.HasSlotNames())
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static string[] Read<T>(DataViewSchema.Column column, string annotation, Func<T, string> text)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(annotation, ref values);
        return values.DenseValues().Select(text).ToArray();
    }
}
