namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;

/// <summary>Hyperbolic tangent: <c>y = tanh(x)</c>, <c>dy/dx = 1 - y^2</c>.</summary>
public sealed class Tanh : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "Tanh";

    /// <summary>Kind <c>Tanh</c> v1: no settings or tensors; at inference the ONNX <c>Tanh</c>.</summary>
    public override LayerSpec Describe() => new() { Kind = "Tanh", Version = 1, Inference = new LayerOperator("Tanh") };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => TensorPrimitives.Tanh(x, y);

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // dx = dy * (1 - y*y)
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }
}
