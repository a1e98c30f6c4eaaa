namespace MLNetDeep.Legacy.Transforms;

public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Rescales a Single (or known-size vector of Single) column slot by slot using the minimum and maximum seen
    /// (ML.NET's <c>NormalizeMinMax</c>, same arguments and defaults).
    /// </summary>
    /// <remarks>
    /// With <paramref name="fixZero"/> (the default) each slot is divided by max(|min|, |max|), so results lie in
    /// [-1, 1] and 0 stays 0; without it each slot becomes (x - min) / (max - min), in [0, 1]. As in ML.NET a slot whose
    /// maximum equals its minimum (constant, or with no values) gets scale 0, so its finite values become 0 and nothing
    /// becomes NaN or infinite. NaN is skipped when fitting and stays NaN. Values outside the fitted range are not clipped.
    /// </remarks>
    /// <param name="outputColumnName">The output column; it has the input's type.</param>
    /// <param name="inputColumnName">The input column; default null, meaning <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many rows (the first ones) are read to fit; default 1,000,000,000 (ML.NET's). Must be greater than 1.</param>
    /// <param name="fixZero">Whether 0 maps to 0 (no offset); default true (ML.NET's).</param>
    public NormalizingEstimator NormalizeMinMax(string outputColumnName, string? inputColumnName = null, long maximumExampleCount = 1000000000, bool fixZero = true) =>
        new(NormalizerMode.MinMax, outputColumnName, inputColumnName, maximumExampleCount, fixZero, useCdf: false);

    /// <summary>
    /// Rescales a Single (or known-size vector of Single) column slot by slot using the mean and the population
    /// standard deviation seen (ML.NET's <c>NormalizeMeanVariance</c>, same arguments and defaults).
    /// </summary>
    /// <remarks>
    /// <para>Without <paramref name="fixZero"/> each slot becomes the standard score (x - mean) / stddev, with stddev the
    /// population one (divided by n, as in ML.NET). This is the standard scaling trainers want.</para>
    /// <para>With <paramref name="fixZero"/> (the default) there is no centering and, as in ML.NET, each slot is divided by
    /// sqrt(variance + mean²), the root mean square of the slot, not by the standard deviation: the two agree only
    /// when the mean is 0.</para>
    /// <para>With <paramref name="useCdf"/> the output is the normal CDF of the standard score, in [0, 1], computed with
    /// ML.NET's approximation of erf; <paramref name="fixZero"/> is then ignored (as in ML.NET).</para>
    /// <para>A slot of zero variance gets scale 0 as in ML.NET: its finite values become 0 (0.5 with the CDF), never NaN
    /// or infinity. NaN and infinities are skipped when fitting; NaN stays NaN (ML.NET's CDF maps it to 0 instead).</para>
    /// </remarks>
    /// <param name="outputColumnName">The output column; it has the input's type.</param>
    /// <param name="inputColumnName">The input column; default null, meaning <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many rows (the first ones) are read to fit; default 1,000,000,000 (ML.NET's). Must be greater than 1.</param>
    /// <param name="fixZero">Whether 0 maps to 0 (no centering); default true (ML.NET's). Pass false for standard scaling.</param>
    /// <param name="useCdf">Whether to output the normal CDF instead of the affine rescaling; default false (ML.NET's).</param>
    public NormalizingEstimator NormalizeMeanVariance(string outputColumnName, string? inputColumnName = null, long maximumExampleCount = 1000000000, bool fixZero = true, bool useCdf = false) =>
        new(NormalizerMode.MeanVariance, outputColumnName, inputColumnName, maximumExampleCount, fixZero, useCdf);
}
