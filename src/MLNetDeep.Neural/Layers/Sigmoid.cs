namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;

/// <summary>Logistic sigmoid: <c>y = 1 / (1 + exp(-x))</c>, <c>dy/dx = y (1 - y)</c>.</summary>
public sealed class Sigmoid : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "Sigmoid";

    /// <summary>Kind <c>Sigmoid</c> v1: no settings or tensors; at inference the ONNX <c>Sigmoid</c>.</summary>
    public override LayerSpec Describe() => new() { Kind = "Sigmoid", Version = 1, Inference = new LayerOperator("Sigmoid") };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => TensorPrimitives.Sigmoid(x, y);

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // dx = dy * y * (1 - y)
        TensorPrimitives.Subtract(1f, y, dx);
        TensorPrimitives.Multiply(dx, y, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }
}
