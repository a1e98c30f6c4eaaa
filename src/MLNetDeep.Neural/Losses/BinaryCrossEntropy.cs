namespace MLNetDeep.Neural.Losses;

using System.Numerics.Tensors;

/// <summary>
/// Binary cross-entropy on logits (PyTorch's <c>BCEWithLogitsLoss</c>): for logit z and label y in [0, 1],
/// <c>l = max(z, 0) - z y + log(1 + exp(-|z|))</c>, which equals <c>-y log s(z) - (1 - y) log(1 - s(z))</c> but never
/// overflows or takes the log of 0. The gradient is <c>s(z) - y</c>. One output per label.
/// </summary>
public sealed class BinaryCrossEntropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "binary-cross-entropy";

    /// <inheritdoc/>
    public override string MetricName => "accuracy";

    /// <inheritdoc/>
    public override bool MetricHigherIsBetter => true;

    /// <inheritdoc/>
    public override int TargetWidth(int outputWidth) => outputWidth;

    private protected override double ComputeCore(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, double weightSum, int threads)
    {
        // z [N,C] logits  y [N,C] in [0,1]  ->  mean l;  dz = (s(z) - y) * w_i / sum w
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            double rowLoss = 0;
            float scale = Scale(weights, i, weightSum);
            for (int j = 0; j < width; j++)
            {
                int at = i * width + j;
                float y = target[at];
                if (!(y >= 0f && y <= 1f))
                {
                    throw new ArgumentException($"{Name}: the label of row {i}, output {j} is {y}; binary labels must be in [0, 1].", nameof(target));
                }

                double z = output[at];
                rowLoss += Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                if (!gradient.IsEmpty)
                {
                    float s = 1f / (1f + MathF.Exp(-(float)z));
                    gradient[at] = (s - y) * scale;
                }
            }

            total += Weight(weights, i) * rowLoss;
        }

        return total / weightSum;
    }

    /// <inheritdoc/>
    public override void Activate(ReadOnlySpan<float> output, Span<float> prediction, int batch, int width) =>
        TensorPrimitives.Sigmoid(output[..(batch * width)], prediction);

    /// <inheritdoc/>
    public override double MetricSum(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        // correct when (z > 0) == (y >= 0.5); with several outputs every one must be right
        int correct = 0;
        for (int i = 0; i < batch; i++)
        {
            bool ok = true;
            for (int j = 0; j < width && ok; j++)
            {
                ok = (output[i * width + j] > 0f) == (target[i * width + j] >= 0.5f);
            }

            correct += ok ? 1 : 0;
        }

        return correct;
    }
}
