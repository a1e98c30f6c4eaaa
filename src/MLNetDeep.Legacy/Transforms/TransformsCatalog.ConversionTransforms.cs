namespace MLNetDeep.Legacy.Transforms;

public sealed partial class TransformsCatalog
{
    private ConversionTransforms? _conversion;

    /// <summary>Type conversions: mapping values to keys and back (<c>context.Transforms.Conversion</c>, as in ML.NET).</summary>
    public ConversionTransforms Conversion => _conversion ??= new ConversionTransforms(this);

    /// <summary>Conversion transforms (ML.NET's <c>TransformsCatalog.ConversionTransforms</c>).</summary>
    public sealed class ConversionTransforms
    {
        internal ConversionTransforms(TransformsCatalog owner)
        {
            Owner = owner;
        }

        internal TransformsCatalog Owner { get; }

        /// <summary>
        /// Learns the distinct values of a Text, Single, Double, Int32, Int64 or Boolean column and maps each to a key
        /// 1..Count (ML.NET's <c>MapValueToKey</c>, same arguments and defaults; its <c>keyData</c> argument is not offered).
        /// </summary>
        /// <remarks>
        /// The output is a <see cref="Data.KeyDataViewType"/> of Count keys whose key values are the learned values.
        /// Missing values (NaN, empty or null text) are not learned and map to key 0, as do values not seen when fitting
        /// and values beyond the first <paramref name="maximumNumberOfKeys"/> distinct ones. Fitting fails when the column
        /// has no non-missing value.
        /// </remarks>
        /// <param name="outputColumnName">The output (key) column.</param>
        /// <param name="inputColumnName">The input column; default null, meaning <paramref name="outputColumnName"/>.</param>
        /// <param name="maximumNumberOfKeys">The most distinct values kept (the first ones met); default 1,000,000 (ML.NET's).</param>
        /// <param name="keyOrdinality">Key order: by first occurrence (default, ML.NET's) or sorted by value (applied after the cap, as in ML.NET).</param>
        /// <param name="addKeyValueAnnotationsAsText">Whether the key values are text (invariant culture) instead of the input's type; default false (ML.NET's).</param>
        public ValueToKeyMappingEstimator MapValueToKey(
            string outputColumnName,
            string? inputColumnName = null,
            int maximumNumberOfKeys = 1000000,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
            bool addKeyValueAnnotationsAsText = false) =>
            new(outputColumnName, inputColumnName, maximumNumberOfKeys, keyOrdinality, addKeyValueAnnotationsAsText);

        /// <summary>
        /// Maps a key column (with key values, as made by <see cref="MapValueToKey"/>) back to the values its keys stand
        /// for (ML.NET's <c>MapKeyToValue</c>). Key 0 maps to NaN for Single and Double, empty text, 0 or false.
        /// </summary>
        /// <param name="outputColumnName">The output column; its type is the key values' type.</param>
        /// <param name="inputColumnName">The input (key) column; default null, meaning <paramref name="outputColumnName"/>.</param>
        public KeyToValueMappingEstimator MapKeyToValue(string outputColumnName, string? inputColumnName = null) =>
            new(outputColumnName, inputColumnName);
    }
}
