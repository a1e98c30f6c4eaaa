namespace MLNetDeep.Featurization;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Reads one scalar column of a data view whatever its type, as boxed values (text as <see cref="string"/>).</summary>
internal static class ColumnReader
{
    public static List<object> Read(IDataView data, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}; a scalar column is needed.");
        }

        Type raw = column.Type.RawType;
        return (List<object>)typeof(ColumnReader).GetMethod(nameof(ReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(raw).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [data, column], null)!;
    }

    private static List<object> ReadTyped<T>(IDataView data, DataViewSchema.Column column)
    {
        var values = new List<object>();
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<T> get = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(value is ReadOnlyMemory<char> text ? text.ToString() : (object?)value ?? "");
        }

        return values;
    }
}
