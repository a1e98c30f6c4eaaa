namespace MLNetDeep.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The rows of a source view chosen by position (a mask over the source's rows in cursor order), without copying: each
/// cursor walks a source cursor and skips the rows not chosen. The source must give its rows in the same order on every
/// unshuffled cursor (ML.NET's loaders and in-memory views do).
/// </summary>
internal sealed class RowSubsetDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _keep;
    private readonly long _count;

    public RowSubsetDataView(IDataView source, bool[] keep)
    {
        _source = source;
        _keep = keep;
        _count = keep.LongCount(k => k);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(columnsNeeded), _keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor source, bool[] keep) : DataViewRowCursor
    {
        private long _sourceRow = -1;
        private long _position = -1;

        public override DataViewSchema Schema => source.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (source.MoveNext())
            {
                _sourceRow++;
                if (_sourceRow >= keep.Length)
                {
                    throw new InvalidOperationException($"The data has more rows than the {keep.Length} it had when it was split; a split needs data that reads the same every time.");
                }

                if (keep[_sourceRow])
                {
                    _position++;
                    return true;
                }
            }

            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => source.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
