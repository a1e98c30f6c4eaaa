namespace MLNetDeep.Serving.Dynamic;

using MLNetDeep.Legacy.Data;

/// <summary>
/// A one-row view over an array of boxed column values (as <see cref="Json.JsonRowReader"/> reads them) that can be
/// replaced: the source row of a <see cref="SchemaEngine"/>. A null value reads as the type's default (0, false, "",
/// a zero vector of the column's size, the missing key).
/// </summary>
internal sealed class ValuesRow : DataViewRow
{
    private readonly Delegate[] _getters;
    private object?[] _values = [];
    private long _position = -1;

    public ValuesRow(DataViewSchema schema)
    {
        Schema = schema;
        _getters = schema.Select(c => c.Type switch
        {
            VectorDataViewType v => (Delegate)VectorGetter(c.Index, v.Size),
            _ => (Delegate)typeof(ValuesRow).GetMethod(nameof(ScalarGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(c.Type.RawType).Invoke(this, [c.Index])!,
        }).ToArray();
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    /// <summary>Makes <paramref name="values"/> (one slot per schema column) the current row, at a new position.</summary>
    public void Set(object?[] values)
    {
        _values = values;
        _position++;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckGetter<TValue>(column);
        return (ValueGetter<TValue>)_getters[column.Index];
    }

    private ValueGetter<T> ScalarGetter<T>(int index)
    {
        T empty = typeof(T) == typeof(string) ? (T)(object)string.Empty : default!;
        return (ref T value) => value = _values[index] is T v ? v : empty;
    }

    private ValueGetter<float[]> VectorGetter(int index, int size) => (ref float[] value) =>
    {
        if (_values[index] is float[] v)
        {
            value = v; // each request's array is its own, so it can be handed out
        }
        else
        {
            value = new float[size];
        }
    };
}
