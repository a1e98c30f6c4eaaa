namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Row-wise softmax: <c>y_ij = exp(x_ij - max_j x_i) / sum_j exp(x_ij - max_j x_i)</c>.
/// </summary>
/// <remarks>
/// A classifier trained with <see cref="Losses.SoftmaxCrossEntropy"/> should end in logits, not in this layer: that
/// loss applies softmax itself, stably. Use this layer when probabilities are wanted inside a network, or with a loss
/// that takes probabilities such as mean squared error.
/// </remarks>
public sealed class Softmax : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "Softmax";

    /// <summary>Kind <c>Softmax</c> v1: no settings or tensors; at inference the ONNX <c>Softmax</c> over each row (<c>axis</c> 1).</summary>
    public override LayerSpec Describe() => new()
    {
        Kind = "Softmax",
        Version = 1,
        Inference = new LayerOperator("Softmax", intAttributes: new Dictionary<string, long> { ["axis"] = 1 }),
    };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        int width = InputSize;
        for (int r = 0; r < batch; r++)
        {
            StableSoftmax.Row(x.Slice(r * width, width), y.Slice(r * width, width));
        }
    }

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // dx_i = y_i * (dy_i - sum_j dy_j y_j), per row
        int width = InputSize;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> yr = y.Slice(r * width, width);
            ReadOnlySpan<float> dyr = dy.Slice(r * width, width);
            Span<float> dxr = dx.Slice(r * width, width);
            float dot = TensorPrimitives.Dot(dyr, yr);
            TensorPrimitives.Subtract(dyr, dot, dxr);
            TensorPrimitives.Multiply(dxr, yr, dxr);
        }
    }
}
