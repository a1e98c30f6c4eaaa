namespace MLNetDeep.Legacy.Data;

/// <summary>Reads any data view once into memory: one <see cref="ColumnBuffer"/> per schema column (hidden ones too).</summary>
internal static class DataViewMaterializer
{
    /// <summary>The view itself when it is already in memory; otherwise its rows read into an <see cref="InMemoryDataView"/> with the same schema.</summary>
    /// <exception cref="InvalidDataException">A known-size vector value has the wrong length, or there are more than <see cref="Array.MaxLength"/> rows.</exception>
    public static InMemoryDataView Materialize(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is InMemoryDataView memory)
        {
            return memory;
        }

        DataViewSchema schema = data.Schema;
        var sinks = new Sink[schema.Count];
        using (DataViewRowCursor cursor = data.GetRowCursor(schema))
        {
            for (int i = 0; i < sinks.Length; i++)
            {
                sinks[i] = CreateSink(cursor, schema[i]);
            }

            while (cursor.MoveNext())
            {
                if (cursor.Position >= Array.MaxLength)
                {
                    throw new InvalidDataException($"The data view has more than {Array.MaxLength} rows; it cannot be held in memory.");
                }

                foreach (Sink s in sinks)
                {
                    s.Read();
                }
            }
        }

        return new InMemoryDataView(schema, sinks.Select(s => s.ToBuffer()).ToArray());
    }

    private static Sink CreateSink(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType { Size: > 0 } v => new FlatVectorSink(cursor, column, v.Size),
        VectorDataViewType => new ScalarSink<float[]>(cursor, column, a => (float[])a.Clone()),
        _ when column.Type.RawType == typeof(float) => new ScalarSink<float>(cursor, column),
        _ when column.Type.RawType == typeof(double) => new ScalarSink<double>(cursor, column),
        _ when column.Type.RawType == typeof(int) => new ScalarSink<int>(cursor, column),
        _ when column.Type.RawType == typeof(long) => new ScalarSink<long>(cursor, column),
        _ when column.Type.RawType == typeof(bool) => new ScalarSink<bool>(cursor, column),
        _ when column.Type.RawType == typeof(string) => new ScalarSink<string>(cursor, column),
        _ when column.Type.RawType == typeof(uint) => new ScalarSink<uint>(cursor, column),
        _ => throw new NotSupportedException($"Column '{column.Name}' has type {column.Type}, which cannot be materialized."),
    };

    private abstract class Sink
    {
        public abstract void Read();

        public abstract ColumnBuffer ToBuffer();
    }

    private sealed class ScalarSink<T> : Sink
    {
        private readonly ValueGetter<T> _getter;
        private readonly Func<T, T>? _copy;
        private readonly DataViewType _type;
        private readonly List<T> _values = [];
        private T _value = default!;

        public ScalarSink(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, T>? copy = null)
        {
            _getter = cursor.GetGetter<T>(column);
            _copy = copy;
            _type = column.Type;
        }

        public override void Read()
        {
            _getter(ref _value);
            _values.Add(_copy is null ? _value : _copy(_value));
        }

        public override ColumnBuffer ToBuffer() =>
            _values is List<float[]> jagged ? ColumnBuffer.FromJaggedVectors([.. jagged]) : ColumnBuffer.FromArray(_type, _values.ToArray());
    }

    private sealed class FlatVectorSink : Sink
    {
        private readonly ValueGetter<float[]> _getter;
        private readonly DataViewSchema.Column _column;
        private readonly DataViewRowCursor _cursor;
        private readonly int _size;
        private float[] _flat = new float[1024];
        private int _length;
        private float[] _value = [];

        public FlatVectorSink(DataViewRowCursor cursor, DataViewSchema.Column column, int size)
        {
            _getter = cursor.GetGetter<float[]>(column);
            _cursor = cursor;
            _column = column;
            _size = size;
        }

        public override void Read()
        {
            _getter(ref _value);
            if (_value.Length != _size)
            {
                throw new InvalidDataException($"Row {_cursor.Position}: column '{_column.Name}' holds {_value.Length} values; its type is a vector of {_size}.");
            }

            if (_length + _size > _flat.Length)
            {
                long grown = Math.Max((long)_flat.Length * 2, (long)_length + _size);
                Array.Resize(ref _flat, (int)Math.Min(grown, Array.MaxLength));
                if (_length + _size > _flat.Length)
                {
                    throw new InvalidDataException($"Column '{_column.Name}' is too large to hold in memory ({_length / _size} rows of {_size}).");
                }
            }

            _value.CopyTo(_flat, _length);
            _length += _size;
        }

        public override ColumnBuffer ToBuffer() => ColumnBuffer.FromFlatVectors(_size, _flat.AsSpan(0, _length).ToArray());
    }
}
