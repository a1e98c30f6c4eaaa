namespace MLNetDeep.LoadTest;

using Microsoft.ML.Data;

/// <summary>One IDX image's pixels, as the IDX loader's <c>Features</c> column.</summary>
public sealed class ImageRow
{
    /// <summary>The pixels (28 x 28, scaled to [0, 1]).</summary>
    [VectorType(784)]
    public float[] Features { get; set; } = [];
}
