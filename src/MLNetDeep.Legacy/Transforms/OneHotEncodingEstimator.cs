namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Learns the categories of a column and returns a <see cref="OneHotEncodingTransformer"/> (ML.NET's
/// <c>OneHotEncodingEstimator</c>); made by <see cref="TransformsCatalog.CategoricalTransforms.OneHotEncoding"/>.
/// </summary>
public sealed class OneHotEncodingEstimator : IEstimator<OneHotEncodingTransformer>
{
    internal const string Step = "OneHotEncoding";

    private readonly string _output;
    private readonly string _input;
    private readonly OutputKind _kind;
    private readonly int _maximumNumberOfKeys;
    private readonly ValueToKeyMappingEstimator.KeyOrdinality _ordinality;

    internal OneHotEncodingEstimator(string outputColumnName, string? inputColumnName, OutputKind outputKind, int maximumNumberOfKeys, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ValueToKeyMappingEstimator.CheckOptions(Step, maximumNumberOfKeys, keyOrdinality);
        if (!Enum.IsDefined(outputKind))
        {
            throw new ArgumentOutOfRangeException(nameof(outputKind), outputKind, $"{Step}: unsupported outputKind {outputKind}; Indicator or Key.");
        }

        _output = outputColumnName;
        _input = inputColumnName ?? outputColumnName;
        _kind = outputKind;
        _maximumNumberOfKeys = maximumNumberOfKeys;
        _ordinality = keyOrdinality;
    }

    /// <summary>How categories are encoded (ML.NET's <c>OneHotEncodingEstimator.OutputKind</c>; same numbers).</summary>
    public enum OutputKind : byte
    {
        /// <summary>A vector of Single with one slot per category, 1 in the value's slot (ML.NET's default).</summary>
        Indicator = 2,

        /// <summary>The category's key (1..Count, 0 when missing or unseen).</summary>
        Key = 3,
    }

    /// <inheritdoc/>
    public OneHotEncodingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = ColumnChecks.CheckKeyable(input.Schema, Step, _input);
        KeyMap map = KeyMap.Learn(Step, input, column, _maximumNumberOfKeys, _ordinality);
        return new OneHotEncodingTransformer(_output, _input, _kind, map);
    }

    /// <summary>
    /// Checks the input column and returns the output shape: a known-size vector of Single (its size, the number of
    /// categories, is only known after fitting) or a key.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column c = ColumnChecks.CheckKeyable(inputSchema, Step, _input);
        SchemaShape.Column output = _kind == OutputKind.Key
            ? ValueToKeyMappingEstimator.KeyShape(_output, _maximumNumberOfKeys, c.ItemType)
            : new SchemaShape.Column(_output, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, false);
        return inputSchema.With(output);
    }
}
