namespace MLNetDeep.Serving.Json;

using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>A column's ML.NET annotations as text: the key values of a key column, the slot names of a vector column.</summary>
internal static class ColumnAnnotations
{
    /// <summary>ML.NET's annotation kind for key values (its <c>AnnotationUtils.Kinds</c> is internal).</summary>
    public const string KeyValues = "KeyValues";

    /// <summary>ML.NET's annotation kind for slot names.</summary>
    public const string SlotNames = "SlotNames";

    /// <summary>The values a key column's keys stand for, in key order (key 1 first), as invariant text; null when it has none.</summary>
    public static IReadOnlyList<string>? KeyValueTexts(DataViewSchema.Column column) => Texts(column, KeyValues);

    /// <summary>The values a key column's keys stand for, in key order, as ML.NET holds them (text as <see cref="ReadOnlyMemory{T}"/>); null when it has none.</summary>
    public static Array? KeyValueObjects(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(KeyValues) is not { Type: VectorDataViewType type })
        {
            return null;
        }

        return (Array)Generic(nameof(ValuesOf), type.ItemType.RawType).Invoke(null, [column, KeyValues])!;
    }

    /// <summary>
    /// A vector column's slot names, or null when it has none; for a multiclass score without slot names (classes that
    /// are not text), the class of each slot from the <c>TrainingLabelValues</c> ML.NET's trainers put on it.
    /// </summary>
    public static IReadOnlyList<string>? SlotNameTexts(DataViewSchema.Column column) => Texts(column, SlotNames) ?? Texts(column, "TrainingLabelValues");

    private static IReadOnlyList<string>? Texts(DataViewSchema.Column column, string kind)
    {
        if (column.Annotations.Schema.GetColumnOrNull(kind) is not { Type: VectorDataViewType type })
        {
            return null;
        }

        var values = (Array)Generic(nameof(ValuesOf), type.ItemType.RawType).Invoke(null, [column, kind])!;
        var texts = new string[values.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = values.GetValue(i) switch
            {
                ReadOnlyMemory<char> text => text.ToString(),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                object o => o.ToString() ?? "",
                null => "",
            };
        }

        return texts;
    }

    private static MethodInfo Generic(string name, Type item) =>
        typeof(ColumnAnnotations).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(item);

    private static T[] ValuesOf<T>(DataViewSchema.Column column, string kind)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(kind, ref values);
        return values.DenseValues().ToArray();
    }
}
