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
    /// <summary>Every row's value of the scalar <paramref name="column"/> of <paramref name="data"/>, in order (the whole column, in memory).</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">A scalar column of <paramref name="data"/>.</param>
    /// <exception cref="ArgumentException">The column is a vector.</exception>
    public static IReadOnlyList<object> Read(IDataView data, DataViewSchema.Column column)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (column.Type is VectorDataViewType)
        {
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}; a scalar column is needed.");
        }

        return (IReadOnlyList<object>)Typed(nameof(ColumnOf), column.Type.RawType, [data, column]);
    }

    /// <summary>The number of rows of <paramref name="data"/>: what it says when it knows, else counted with a cursor.</summary>
    /// <param name="data">The data.</param>
    public static long CountRows(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetRowCount() is long known)
        {
            return known;
        }

        using DataViewRowCursor cursor = data.GetRowCursor([]);
        long count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }

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
    /// A value as text: Booleans <c>true</c>/<c>false</c>, numbers shortest round-trip, dates and times in ISO 8601 as
    /// System.Text.Json writes them (<c>2026-12-07T19:30:15.25</c>), everything in the invariant culture; how
    /// <see cref="Featurization.LabelClasses.Values"/>, a multiclass model's class names, <c>mlnetdeep predict</c> and the
    /// server write values.
    /// </summary>
    /// <param name="value">A value as ML.NET holds it (text as a string or <see cref="ReadOnlyMemory{T}"/>), or null for "".</param>
    public static string ToText(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime or DateTimeOffset => System.Text.Json.JsonSerializer.SerializeToElement(value).GetString()!,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static object Typed(string method, Type item, object[] arguments) =>
        typeof(DataViewValues).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(item)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;

    private static List<object> ColumnOf<T>(IDataView data, DataViewSchema.Column column)
    {
        var values = new List<object>();
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<T> get = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(Box(value));
        }

        return values;
    }

    private static List<object> AnnotationOf<T>(DataViewSchema.Column column, string kind)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(kind, ref values);
        return values.DenseValues().Select(Box).ToList();
    }

    private static object Box<T>(T value) => value is ReadOnlyMemory<char> text ? text.ToString() : (object?)value ?? "";
}
