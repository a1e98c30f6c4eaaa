namespace MLNetDeep.Legacy.Data;

/// <summary>A data view over columns held in memory; random access by row, so it can be split and subset cheaply.</summary>
internal sealed class InMemoryDataView : IDataView
{
    private readonly ColumnBuffer[] _columns;
    private readonly int _rows;

    public InMemoryDataView(DataViewSchema schema, ColumnBuffer[] columns)
    {
        if (columns.Length != schema.Count)
        {
            throw new ArgumentException($"{schema.Count} schema columns but {columns.Length} buffers.");
        }

        Schema = schema;
        _columns = columns;
        _rows = columns.Length == 0 ? 0 : checked((int)columns[0].Rows);
        for (int i = 1; i < columns.Length; i++)
        {
            if (columns[i].Rows != _rows)
            {
                throw new ArgumentException($"Column '{schema[i].Name}' has {columns[i].Rows} rows; column '{schema[0].Name}' has {_rows}.");
            }
        }
    }

    public DataViewSchema Schema { get; }

    public int RowCount => _rows;

    internal ColumnBuffer Column(int index) => _columns[index];

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded) => new Cursor(this, columnsNeeded);

    /// <summary>A view of the given rows, in that order.</summary>
    public InMemoryDataView Select(ReadOnlySpan<int> rows)
    {
        var cols = new ColumnBuffer[_columns.Length];
        for (int i = 0; i < cols.Length; i++)
        {
            cols[i] = _columns[i].Select(rows);
        }

        return new InMemoryDataView(Schema, cols);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _view;
        private readonly bool[] _active;
        private int _position = -1;

        public Cursor(InMemoryDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (DataViewSchema.Column c in columnsNeeded)
            {
                _active[c.Index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext() => ++_position < _view._rows;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return (ValueGetter<TValue>)_view._columns[column.Index].CreateGetter(() => _position);
        }
    }
}
