namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Maps keys back to the values they stand for (ML.NET's <c>KeyToValueMappingEstimator</c>); nothing to learn. Made by
/// <see cref="TransformsCatalog.ConversionTransforms.MapKeyToValue"/>.
/// </summary>
public sealed class KeyToValueMappingEstimator : IEstimator<KeyToValueMappingTransformer>
{
    internal const string Step = "MapKeyToValue";

    private readonly string _output;
    private readonly string _input;

    internal KeyToValueMappingEstimator(string outputColumnName, string? inputColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        _output = outputColumnName;
        _input = inputColumnName ?? outputColumnName;
    }

    /// <inheritdoc/>
    public KeyToValueMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new KeyToValueMappingTransformer(_output, _input);
        t.GetOutputSchema(input.Schema); // validates
        return t;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column c = ColumnChecks.Find(inputSchema, Step, _input);
        if (!c.IsKey || c.KeyValueType is null)
        {
            throw ColumnChecks.WrongType(Step, _input, KeyToValueMappingTransformer.ExpectedType, c.IsKey ? "a key without key values" : c.Describe());
        }

        return inputSchema.With(new SchemaShape.Column(_output, SchemaShape.VectorKind.Scalar, c.KeyValueType, false));
    }
}
