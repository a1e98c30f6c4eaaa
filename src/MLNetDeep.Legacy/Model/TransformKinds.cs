namespace MLNetDeep.Legacy.Model;

using MLNetDeep.Legacy.Transforms;

/// <summary>
/// The model-file kinds of the transforms this library defines and how each is loaded: the model reader looks a
/// step's kind up here and calls the loader with the step's <see cref="ModelLoadContext"/>.
/// </summary>
internal static class TransformKinds
{
    internal static IReadOnlyDictionary<string, Func<ModelLoadContext, ITransformer>> Loaders { get; } =
        new Dictionary<string, Func<ModelLoadContext, ITransformer>>(StringComparer.Ordinal)
        {
            ["Concatenate"] = ColumnConcatenatingTransformer.Load,
            ["NormalizeMinMax"] = NormalizingTransformer.Load,
            ["NormalizeMeanVariance"] = NormalizingTransformer.Load,
            ["MapValueToKey"] = ValueToKeyMappingTransformer.Load,
            ["MapKeyToValue"] = KeyToValueMappingTransformer.Load,
            ["OneHotEncoding"] = OneHotEncodingTransformer.Load,
            ["ReplaceMissingValues"] = MissingValueReplacingTransformer.Load,
            ["SelectColumns"] = ColumnSelectingTransformer.Load,
            ["DropColumns"] = ColumnSelectingTransformer.Load,
        };
}
