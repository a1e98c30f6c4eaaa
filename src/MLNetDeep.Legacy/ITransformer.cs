namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;

/// <summary>A fitted pipeline step that turns a data view into another (ML.NET's <c>ITransformer</c>).</summary>
public interface ITransformer
{
    /// <summary>Whether the step maps each row on its own, so that a <c>PredictionEngine</c> can run it one row at a time.</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>The schema <see cref="Transform"/> would produce for an input of <paramref name="inputSchema"/>.</summary>
    /// <exception cref="ArgumentException">The input lacks a column the step needs, or has it with the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>Applies the step lazily: nothing is computed until the result is read.</summary>
    IDataView Transform(IDataView input);
}
