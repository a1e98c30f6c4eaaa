namespace MLNetDeep.Legacy.Data;

/// <summary>
/// A <see cref="RowMapper"/> that can also serve a whole cursor in blocks: it reads ahead several input rows and
/// computes their outputs together (the scoring transformers run one network Forward per block instead of one per row).
/// A single row (<see cref="IStepTransformer.MapRow"/>, the prediction engine) still goes through the row mapper.
/// </summary>
internal interface IBatchRowMapper
{
    /// <summary>
    /// A cursor over <paramref name="input"/> exposing <paramref name="schema"/> (input columns, then the mapper's
    /// outputs), with <paramref name="active"/> the columns requested; it must give the same values as
    /// <see cref="MappedRow"/> over the same mapper, row for row.
    /// </summary>
    DataViewRowCursor CreateBatchCursor(DataViewRowCursor input, DataViewSchema schema, bool[] active);
}
