namespace MLNetDeep.Legacy.Data;

/// <summary>The lazy result of a row-to-row transform: its input with the mapper's columns added, computed as rows are read.</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly RowMapper _mapper;

    public MappedDataView(IDataView source, RowMapper mapper)
    {
        _source = source;
        _mapper = mapper;
        Schema = mapper.OutputSchema();
    }

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        var (active, inputNeeded) = MappedRow.Plan(_mapper, Schema, columnsNeeded);
        DataViewRowCursor input = _source.GetRowCursor(inputNeeded);
        if (_mapper is IBatchRowMapper batch && active.AsSpan(_mapper.InputSchema.Count).Contains(true))
        {
            return batch.CreateBatchCursor(input, Schema, active);
        }

        return new MappedRow(input, _mapper, Schema, active);
    }
}
