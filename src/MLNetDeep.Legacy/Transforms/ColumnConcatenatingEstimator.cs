namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>Concatenates numeric columns into one vector of Single (nothing to learn).</summary>
public sealed class ColumnConcatenatingEstimator : IEstimator<ColumnConcatenatingTransformer>
{
    private readonly string _output;
    private readonly string[] _inputs;

    internal ColumnConcatenatingEstimator(string outputColumnName, string[] inputColumnNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0)
        {
            throw new ArgumentException($"Concatenate into '{outputColumnName}' needs at least one input column.", nameof(inputColumnNames));
        }

        _output = outputColumnName;
        _inputs = inputColumnNames;
    }

    /// <inheritdoc/>
    public ColumnConcatenatingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new ColumnConcatenatingTransformer(_output, _inputs);
        t.GetOutputSchema(input.Schema); // validates
        return t;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        bool known = true;
        foreach (string name in _inputs)
        {
            SchemaShape.Column c = inputSchema.FindColumn(name) ?? throw new ArgumentException($"Concatenate: input column '{name}' not found. Columns: {string.Join(", ", inputSchema.Select(x => x.Name))}.");
            if (c.IsKey || !ColumnConcatenatingTransformer.IsNumeric(c.ItemType))
            {
                throw new ArgumentException($"Concatenate: column '{name}' must be numeric or a vector of Single; found {c.Describe()}.");
            }

            known &= c.Kind != SchemaShape.VectorKind.VariableVector;
        }

        return inputSchema.With(new SchemaShape.Column(_output, known ? SchemaShape.VectorKind.Vector : SchemaShape.VectorKind.VariableVector, NumberDataViewType.Single, false));
    }
}
