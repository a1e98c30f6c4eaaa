namespace MLNetDeep.Serving.Dynamic;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// A one-row ML.NET <see cref="DataViewRow"/> over an array of boxed column values (as <see cref="Json.JsonRowReader"/>
/// reads them) that can be replaced: the source row of a <see cref="SchemaEngine"/>, as a POCO is the source row of
/// ML.NET's <c>PredictionEngine</c>. A null value reads as the type's default (0, false, empty text, a zero vector of the
/// column's size, the missing key). Each <see cref="Set"/> moves to a new position, so ML.NET's per-row caches refresh.
/// </summary>
internal sealed class ValuesRow : DataViewRow
{
    private readonly Delegate[] _getters;
    private object?[] _values = [];
    private long _position = -1;

    public ValuesRow(DataViewSchema schema)
    {
        Schema = schema;
        _getters = new Delegate[schema.Count];
        foreach (DataViewSchema.Column c in schema)
        {
            string method = c.Type is VectorDataViewType ? nameof(VectorGetter) : nameof(ScalarGetter);
            Type item = c.Type is VectorDataViewType v ? v.ItemType.RawType : c.Type.RawType;
            int size = c.Type is VectorDataViewType { IsKnownSize: true } known ? known.Size : 0;
            _getters[c.Index] = (Delegate)typeof(ValuesRow).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(item).Invoke(this, [c.Index, size])!;
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Makes <paramref name="values"/> (one slot per schema column) the current row, at a new position.</summary>
    public void Set(object?[] values)
    {
        _values = values;
        _position++;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= _getters.Length || _getters[column.Index] is not ValueGetter<TValue> getter)
        {
            throw new InvalidOperationException($"Column '{column.Name}' of type {column.Type} cannot be read as {typeof(TValue).Name}.");
        }

        return getter;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    private ValueGetter<T> ScalarGetter<T>(int index, int size)
    {
        _ = size;
        return (ref T value) => value = _values[index] is T v ? v : default!;
    }

    private ValueGetter<VBuffer<T>> VectorGetter<T>(int index, int size) => (ref VBuffer<T> value) =>
    {
        // Copied into the caller's buffer: ML.NET lets a getter's caller reuse what it was given.
        T[]? source = _values[index] as T[];
        int length = source?.Length ?? size;
        VBufferEditor<T> editor = VBufferEditor.Create(ref value, length);
        if (source is null)
        {
            editor.Values.Clear();
        }
        else
        {
            source.CopyTo(editor.Values);
        }

        value = editor.Commit();
    };
}
