namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Keeps or drops columns by name (ML.NET's <c>ColumnSelectingEstimator</c>); nothing to learn. Made by
/// <see cref="TransformsCatalog.SelectColumns"/> and <see cref="TransformsCatalog.DropColumns"/>.
/// </summary>
public sealed class ColumnSelectingEstimator : IEstimator<ColumnSelectingTransformer>
{
    private readonly bool _keep;
    private readonly string[] _names;

    internal ColumnSelectingEstimator(bool keep, string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ColumnSelectingTransformer.CheckNames(keep, columnNames);
        _keep = keep;
        _names = columnNames;
    }

    /// <inheritdoc/>
    public ColumnSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new ColumnSelectingTransformer(_keep, _names);
        t.GetOutputSchema(input.Schema); // validates
        return t;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string step = ColumnSelectingTransformer.StepName(_keep);
        string[] missing = _names.Where(n => inputSchema.FindColumn(n) is null).ToArray();
        if (missing.Length > 0)
        {
            throw ColumnSelectingTransformer.Unknown(step, missing, inputSchema.Select(c => c.Name));
        }

        return _keep
            ? new SchemaShape(_names.Select(n => inputSchema.FindColumn(n)!.Value))
            : new SchemaShape(inputSchema.Where(c => !_names.Contains(c.Name)));
    }
}
