namespace MLNetDeep.Neural.Training;

/// <summary>
/// Examples in memory for the engine: features <c>[N, FeatureCount]</c>, targets <c>[N, TargetWidth]</c> (a class
/// index for softmax cross-entropy, 0/1 for binary cross-entropy, values for regression) and optional weights <c>[N]</c>.
/// The arrays are used as given, not copied.
/// </summary>
public sealed class ExampleSet
{
    /// <summary>Wraps the arrays; their lengths must agree.</summary>
    /// <param name="features">Row-major features, <c>N * featureCount</c> values.</param>
    /// <param name="featureCount">Features per example; at least 1.</param>
    /// <param name="targets">Row-major targets, <c>N * targetWidth</c> values.</param>
    /// <param name="targetWidth">Target values per example; at least 1. Default 1.</param>
    /// <param name="weights">Per-example weights (non-negative), or null for all 1.</param>
    public ExampleSet(float[] features, int featureCount, float[] targets, int targetWidth = 1, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureCount < 1 || features.Length % featureCount != 0)
        {
            throw new ArgumentException($"{features.Length} feature values do not divide into rows of {featureCount}.", nameof(featureCount));
        }

        int count = features.Length / featureCount;
        if (targetWidth < 1 || targets.Length != (long)count * targetWidth)
        {
            throw new ArgumentException($"{count} examples with {targetWidth} target value(s) each need {(long)count * targetWidth} targets; got {targets.Length}.", nameof(targets));
        }

        if (weights is not null && weights.Length != count)
        {
            throw new ArgumentException($"{count} examples need {count} weights; got {weights.Length}.", nameof(weights));
        }

        Features = features;
        FeatureCount = featureCount;
        Targets = targets;
        TargetWidth = targetWidth;
        Weights = weights;
        Count = count;
    }

    /// <summary>Row-major features <c>[Count, FeatureCount]</c>.</summary>
    public float[] Features { get; }

    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>Row-major targets <c>[Count, TargetWidth]</c>.</summary>
    public float[] Targets { get; }

    /// <summary>Target values per example.</summary>
    public int TargetWidth { get; }

    /// <summary>Per-example weights, or null when all are 1.</summary>
    public float[]? Weights { get; }

    /// <summary>The number of examples N.</summary>
    public int Count { get; }

    /// <summary>A new set holding copies of the given rows, in that order.</summary>
    public ExampleSet Subset(ReadOnlySpan<int> rows)
    {
        var x = new float[rows.Length * FeatureCount];
        var y = new float[rows.Length * TargetWidth];
        float[]? w = Weights is null ? null : new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            Features.AsSpan(r * FeatureCount, FeatureCount).CopyTo(x.AsSpan(i * FeatureCount));
            Targets.AsSpan(r * TargetWidth, TargetWidth).CopyTo(y.AsSpan(i * TargetWidth));
            if (w is not null)
            {
                w[i] = Weights![r];
            }
        }

        return new ExampleSet(x, FeatureCount, y, TargetWidth, w);
    }

    /// <summary>Throws, naming the row and column, if any feature, target or weight is NaN or infinite or a weight is negative.</summary>
    /// <param name="what">How the set is named in the message, e.g. "training data".</param>
    public void EnsureFinite(string what)
    {
        int row = FirstNonFinite(Features, FeatureCount, out int column);
        if (row >= 0)
        {
            throw new ArgumentException($"The {what} has a non-finite feature at row {row}, column {column}: {Features[row * FeatureCount + column]}. Replace or drop missing values before training.");
        }

        row = FirstNonFinite(Targets, TargetWidth, out column);
        if (row >= 0)
        {
            throw new ArgumentException($"The {what} has a non-finite label at row {row}: {Targets[row * TargetWidth + column]}.");
        }

        if (Weights is not null)
        {
            for (int i = 0; i < Weights.Length; i++)
            {
                if (!(Weights[i] >= 0f) || !float.IsFinite(Weights[i]))
                {
                    throw new ArgumentException($"The {what} has an invalid example weight at row {i}: {Weights[i]}; weights must be finite and non-negative.");
                }
            }
        }
    }

    private static int FirstNonFinite(float[] values, int width, out int column)
    {
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values))
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                {
                    column = i % width;
                    return i / width;
                }
            }
        }

        column = -1;
        return -1;
    }
}
