namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Learns the distinct values of a column and returns a <see cref="ValueToKeyMappingTransformer"/> that maps each value
/// to its key (ML.NET's <c>ValueToKeyMappingEstimator</c>); made by
/// <see cref="TransformsCatalog.ConversionTransforms.MapValueToKey"/>.
/// </summary>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    internal const string Step = "MapValueToKey";

    private readonly string _output;
    private readonly string _input;
    private readonly int _maximumNumberOfKeys;
    private readonly KeyOrdinality _ordinality;
    private readonly bool _asText;

    internal ValueToKeyMappingEstimator(string outputColumnName, string? inputColumnName, int maximumNumberOfKeys, KeyOrdinality keyOrdinality, bool addKeyValueAnnotationsAsText)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        CheckOptions(Step, maximumNumberOfKeys, keyOrdinality);
        _output = outputColumnName;
        _input = inputColumnName ?? outputColumnName;
        _maximumNumberOfKeys = maximumNumberOfKeys;
        _ordinality = keyOrdinality;
        _asText = addKeyValueAnnotationsAsText;
    }

    /// <summary>The order in which keys are given to values (ML.NET's <c>ValueToKeyMappingEstimator.KeyOrdinality</c>).</summary>
    public enum KeyOrdinality : byte
    {
        /// <summary>In order of first appearance in the data (ML.NET's default).</summary>
        ByOccurrence = 0,

        /// <summary>Sorted by value: numbers ascending, false before true, text by ordinal comparison.</summary>
        ByValue = 1,
    }

    internal static void CheckOptions(string step, int maximumNumberOfKeys, KeyOrdinality keyOrdinality)
    {
        if (maximumNumberOfKeys < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumNumberOfKeys), maximumNumberOfKeys, $"{step}: maximumNumberOfKeys must be at least 1; got {maximumNumberOfKeys}.");
        }

        if (!Enum.IsDefined(keyOrdinality))
        {
            throw new ArgumentOutOfRangeException(nameof(keyOrdinality), keyOrdinality, $"{step}: unknown keyOrdinality {keyOrdinality}.");
        }
    }

    /// <inheritdoc/>
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = ColumnChecks.CheckKeyable(input.Schema, Step, _input);
        KeyMap map = KeyMap.Learn(Step, input, column, _maximumNumberOfKeys, _ordinality);
        return new ValueToKeyMappingTransformer(_output, _input, map, _asText);
    }

    /// <summary>
    /// Checks the input column and returns the shape with the key output. Its key count is not known before fitting;
    /// the shape's key type carries <c>maximumNumberOfKeys</c>, an upper bound.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column c = ColumnChecks.CheckKeyable(inputSchema, Step, _input);
        return inputSchema.With(KeyShape(_output, _maximumNumberOfKeys, _asText ? TextDataViewType.Instance : c.ItemType));
    }

    internal static SchemaShape.Column KeyShape(string name, int maximumNumberOfKeys, DataViewType valueType) =>
        new(name, SchemaShape.VectorKind.Scalar, new KeyDataViewType(maximumNumberOfKeys), true) { KeyValueType = valueType };
}
