namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>; the derivative at 0 is taken as 0 (PyTorch's convention).</summary>
public sealed class Relu : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "ReLU";

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => TensorPrimitives.Max(x, 0f, y);

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // dx = dy where y > 0, else 0 (y > 0 exactly when x > 0)
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; i <= y.Length - w; i += w)
            {
                var mask = Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(mask, new Vector<float>(dy[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
