namespace MLNetDeep.Legacy.Transforms;

public sealed partial class TransformsCatalog
{
    private CategoricalTransforms? _categorical;

    /// <summary>Categorical encodings (<c>context.Transforms.Categorical</c>, as in ML.NET).</summary>
    public CategoricalTransforms Categorical => _categorical ??= new CategoricalTransforms(this);

    /// <summary>Categorical transforms (ML.NET's <c>TransformsCatalog.CategoricalTransforms</c>).</summary>
    public sealed class CategoricalTransforms
    {
        internal CategoricalTransforms(TransformsCatalog owner)
        {
            Owner = owner;
        }

        internal TransformsCatalog Owner { get; }

        /// <summary>
        /// Learns the categories of a Text, Single, Double, Int32, Int64 or Boolean column as
        /// <see cref="ConversionTransforms.MapValueToKey"/> does, then encodes each value (ML.NET's <c>OneHotEncoding</c>,
        /// same arguments and defaults for scalar inputs).
        /// </summary>
        /// <remarks>
        /// With <see cref="OneHotEncodingEstimator.OutputKind.Indicator"/> the output is a known-size vector of Single, one
        /// slot per category, with 1 in the category's slot; a missing value or a category not seen when fitting gives all
        /// zeros. With <see cref="OneHotEncodingEstimator.OutputKind.Key"/> the output is the key itself (as MapValueToKey).
        /// ML.NET's Bag and Binary kinds and vector inputs are not offered.
        /// </remarks>
        /// <param name="outputColumnName">The output column.</param>
        /// <param name="inputColumnName">The input column; default null, meaning <paramref name="outputColumnName"/>.</param>
        /// <param name="outputKind">The encoding; default Indicator (ML.NET's).</param>
        /// <param name="maximumNumberOfKeys">The most categories kept (the first ones met); default 1,000,000 (ML.NET's).</param>
        /// <param name="keyOrdinality">Category order, hence slot order: by first occurrence (default, ML.NET's) or sorted by value.</param>
        public OneHotEncodingEstimator OneHotEncoding(
            string outputColumnName,
            string? inputColumnName = null,
            OneHotEncodingEstimator.OutputKind outputKind = OneHotEncodingEstimator.OutputKind.Indicator,
            int maximumNumberOfKeys = 1000000,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence) =>
            new(outputColumnName, inputColumnName, outputKind, maximumNumberOfKeys, keyOrdinality);
    }
}
