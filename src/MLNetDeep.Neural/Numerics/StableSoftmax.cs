namespace MLNetDeep.Neural.Numerics;

using System.Numerics.Tensors;

/// <summary>
/// Softmax of one row, shifted by the row's maximum so that no exponent overflows.
/// (<c>TensorPrimitives.SoftMax</c> exponentiates unshifted values and returns NaN for a logit of 1000.)
/// </summary>
internal static class StableSoftmax
{
    // x [C] -> y [C] = exp(x - max x) / sum exp(x - max x)
    public static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum<float>(y), y);
    }
}
