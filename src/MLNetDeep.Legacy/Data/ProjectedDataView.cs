namespace MLNetDeep.Legacy.Data;

/// <summary>A view that keeps some of its source's columns, in a given order (SelectColumns / DropColumns).</summary>
internal sealed class ProjectedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly int[] _sourceIndex;

    public ProjectedDataView(IDataView source, IReadOnlyList<DataViewSchema.Column> keep)
    {
        _source = source;
        _sourceIndex = keep.Select(c => c.Index).ToArray();
        Schema = DataViewSchema.Create(keep.Select(c => c.Detach()));
    }

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        var needed = columnsNeeded.Select(c => _source.Schema[_sourceIndex[c.Index]]).ToList();
        return new Cursor(this, _source.GetRowCursor(needed), columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    private sealed class Cursor(ProjectedDataView view, DataViewRowCursor inner, HashSet<int> active) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;

        public override long Position => inner.Position;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return inner.GetGetter<TValue>(inner.Schema[view._sourceIndex[column.Index]]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }
    }
}
