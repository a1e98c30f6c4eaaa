namespace MLNetDeep.Legacy.Transforms;

public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Keeps only the named columns, in the order given, and drops the rest, hidden columns included (ML.NET's
    /// <c>SelectColumns</c> with <c>keepHidden</c> false). A name the input lacks is an error naming it.
    /// </summary>
    /// <param name="columnNames">The columns to keep; at least one, each once.</param>
    public ColumnSelectingEstimator SelectColumns(params string[] columnNames) => new(keep: true, columnNames);

    /// <summary>
    /// Drops the named columns and keeps the other visible ones in their order (ML.NET's <c>DropColumns</c>). A name the
    /// input lacks is an error naming it (ML.NET is silent about it).
    /// </summary>
    /// <param name="columnNames">The columns to drop, each once.</param>
    public ColumnSelectingEstimator DropColumns(params string[] columnNames) => new(keep: false, columnNames);
}
