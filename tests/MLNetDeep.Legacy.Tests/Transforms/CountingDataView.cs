namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>A view that counts the cursors opened and rows moved to on its source, to check laziness.</summary>
internal sealed class CountingDataView(IDataView source) : IDataView
{
    public int CursorsOpened { get; private set; }

    public int RowsRead { get; private set; }

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        CursorsOpened++;
        return new Cursor(this, source.GetRowCursor(columnsNeeded));
    }

    private sealed class Cursor(CountingDataView owner, DataViewRowCursor inner) : DataViewRowCursor
    {
        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override bool MoveNext()
        {
            bool more = inner.MoveNext();
            if (more)
            {
                owner.RowsRead++;
            }

            return more;
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
