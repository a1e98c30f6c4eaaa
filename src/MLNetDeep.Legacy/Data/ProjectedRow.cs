namespace MLNetDeep.Legacy.Data;

/// <summary>One row seen through a projection (SelectColumns / DropColumns run one row at a time).</summary>
internal sealed class ProjectedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly int[] _sourceIndex;

    /// <param name="input">The row to project.</param>
    /// <param name="schema">The projected schema.</param>
    /// <param name="sourceIndex">For each column of <paramref name="schema"/>, its index in the input's schema.</param>
    public ProjectedRow(DataViewRow input, DataViewSchema schema, int[] sourceIndex)
    {
        _input = input;
        Schema = schema;
        _sourceIndex = sourceIndex;
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override bool IsColumnActive(DataViewSchema.Column column) => _input.IsColumnActive(_input.Schema[_sourceIndex[column.Index]]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckGetter<TValue>(column);
        return _input.GetGetter<TValue>(_input.Schema[_sourceIndex[column.Index]]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }
    }
}
