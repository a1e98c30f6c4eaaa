namespace MLNetDeep.Legacy.Transforms;

public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Replaces missing values (NaN) of a Single, Double or known-size vector of Single column (ML.NET's
    /// <c>ReplaceMissingValues</c>, same arguments and defaults; ML.NET's Mode replacement is not offered).
    /// </summary>
    /// <remarks>
    /// Mean, Minimum and Maximum are learned from all rows, skipping NaN (and infinities for Mean), per slot for
    /// vectors when <paramref name="imputeBySlot"/>. A slot with no value at all is replaced by 0. DefaultValue
    /// (0) reads no data when fitting.
    /// </remarks>
    /// <param name="outputColumnName">The output column; it has the input's type.</param>
    /// <param name="inputColumnName">The input column; default null, meaning <paramref name="outputColumnName"/>.</param>
    /// <param name="replacementMode">What replaces a missing value; default DefaultValue, i.e. 0 (ML.NET's).</param>
    /// <param name="imputeBySlot">For vectors, whether each slot gets its own replacement; default true (ML.NET's).</param>
    public MissingValueReplacingEstimator ReplaceMissingValues(
        string outputColumnName,
        string? inputColumnName = null,
        MissingValueReplacingEstimator.ReplacementMode replacementMode = MissingValueReplacingEstimator.ReplacementMode.DefaultValue,
        bool imputeBySlot = true) =>
        new(outputColumnName, inputColumnName, replacementMode, imputeBySlot);
}
