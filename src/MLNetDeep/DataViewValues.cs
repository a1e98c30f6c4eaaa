namespace MLNetDeep;

using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Values an ML.NET data view holds, read without knowing their type (ML.NET's own readers need it as a type
/// argument): boxed as ML.NET holds them, text as <see cref="string"/>; and values as MLNetDeep writes them as text.
/// </summary>
public static class DataViewValues
{
    /// <summary>
    /// The values of <paramref name="column"/>'s vector annotation <paramref name="kind"/>, in order: <c>KeyValues</c>
    /// (what a key column's keys 1, 2, ... stand for), <c>SlotNames</c>, <c>TrainingLabelValues</c> (the classes ML.NET's
    /// multiclass trainers put on their score); null when the column has no such annotation.
    /// </summary>
    /// <param name="column">A column of a schema.</param>
    /// <param name="kind">The annotation's kind.</param>
    public static IReadOnlyList<object>? ReadAnnotation(DataViewSchema.Column column, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return column.Annotations.Schema.GetColumnOrNull(kind) is { Type: VectorDataViewType vector }
            ? (IReadOnlyList<object>)Typed(nameof(AnnotationOf), vector.ItemType.RawType, [column, kind])
            : null;
    }

    /// <summary>
    /// A value as text: Booleans <c>true</c>/<c>false</c>, numbers shortest round-trip, everything in the invariant
    /// culture; how <see cref="Featurization.LabelClasses.Values"/> and <c>mlnetdeep predict</c> write values.
    /// </summary>
    /// <param name="value">A value as ML.NET holds it (text as a string or <see cref="ReadOnlyMemory{T}"/>), or null for "".</param>
    public static string ToText(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static object Typed(string method, Type item, object[] arguments) =>
        typeof(DataViewValues).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(item)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;

    private static List<object> AnnotationOf<T>(DataViewSchema.Column column, string kind)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(kind, ref values);
        return values.DenseValues().Select(Box).ToList();
    }

    private static object Box<T>(T value) => value is ReadOnlyMemory<char> text ? text.ToString() : (object?)value ?? "";
}
