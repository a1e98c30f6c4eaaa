namespace MLNetDeep.Data;

using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// An in-memory IDX image/label set as an ML.NET data view: <c>Features</c>, a known-size vector of Single (the pixels,
/// row-major; divided by 255 when scaled), and <c>Label</c>, a Single. The pixels stay bytes (a quarter of the memory of
/// floats) and each row is converted as a cursor reads it.
/// </summary>
internal sealed class IdxDataView : IDataView
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private readonly int _size;
    private readonly bool _scale;

    public IdxDataView(byte[] pixels, byte[] labels, int size, bool scale)
    {
        _pixels = pixels;
        _labels = labels;
        _size = size;
        _scale = scale;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, size));
        builder.AddColumn("Label", NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _labels.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded, rand is null ? null : Permutation(_labels.Length, rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private static int[] Permutation(int count, Random rand)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        rand.Shuffle(order);
        return order;
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly IdxDataView _view;
        private readonly bool[] _active;
        private readonly int[]? _order;
        private long _position = -1;
        private int _row = -1;

        public Cursor(IdxDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded, int[]? order)
        {
            _view = view;
            _order = order;
            _active = new bool[view.Schema.Count];
            foreach (DataViewSchema.Column c in columnsNeeded)
            {
                _active[c.Index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._labels.Length)
            {
                _row = -1;
                return false;
            }

            _position++;
            _row = _order is null ? (int)_position : _order[_position];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Current(), 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
            }

            if (column.Index == 0 && typeof(TValue) == typeof(VBuffer<float>))
            {
                ValueGetter<VBuffer<float>> features = GetFeatures;
                return (ValueGetter<TValue>)(Delegate)features;
            }

            if (column.Index == 1 && typeof(TValue) == typeof(float))
            {
                ValueGetter<float> label = (ref float value) => value = _view._labels[Current()];
                return (ValueGetter<TValue>)(Delegate)label;
            }

            throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private void GetFeatures(ref VBuffer<float> value)
        {
            int size = _view._size;
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, size);
            ReadOnlySpan<byte> pixels = _view._pixels.AsSpan(Current() * size, size);
            Span<float> values = editor.Values;
            TensorPrimitives.ConvertChecked(pixels, values);
            if (_view._scale)
            {
                TensorPrimitives.Divide(values, 255f, values); // a division, as torchvision's ToTensor (x * (1/255) rounds differently)
            }

            value = editor.Commit();
        }

        private int Current() => _row >= 0 ? _row : throw new InvalidOperationException("The cursor is not on a row (call MoveNext first).");
    }
}
