namespace MLNetDeep.Legacy.Transforms;

/// <summary>Which statistics a <see cref="NormalizingEstimator"/> learns.</summary>
internal enum NormalizerMode
{
    /// <summary>Minimum and maximum per slot (<c>NormalizeMinMax</c>).</summary>
    MinMax,

    /// <summary>Mean and population standard deviation per slot (<c>NormalizeMeanVariance</c>).</summary>
    MeanVariance,
}
