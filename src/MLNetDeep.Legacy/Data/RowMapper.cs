namespace MLNetDeep.Legacy.Data;

/// <summary>
/// What a row-to-row transform computes: new columns appended to its input's, each from the current input row.
/// Transformers supply one per input schema; <see cref="MappedDataView"/> and the prediction engine run it.
/// </summary>
internal abstract class RowMapper
{
    protected RowMapper(DataViewSchema inputSchema)
    {
        InputSchema = inputSchema;
    }

    public DataViewSchema InputSchema { get; }

    /// <summary>The columns this mapper adds, in order.</summary>
    public abstract IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns { get; }

    /// <summary>The input columns needed to compute the outputs flagged in <paramref name="activeOutputs"/>.</summary>
    public abstract IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs);

    /// <summary>
    /// Getters for the outputs flagged active (null elsewhere), bound to <paramref name="input"/>: each reads the
    /// input's current row when called.
    /// </summary>
    public abstract Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs);

    /// <summary>The schema of the mapped rows: the input's columns, then the outputs (hiding same-named inputs).</summary>
    public DataViewSchema OutputSchema() =>
        DataViewSchema.Create(InputSchema.Select(c => c.Detach()).Concat(OutputColumns));
}
