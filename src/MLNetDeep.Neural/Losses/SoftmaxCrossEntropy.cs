namespace MLNetDeep.Neural.Losses;

using System.Numerics.Tensors;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Softmax cross-entropy on logits (PyTorch's <c>CrossEntropyLoss</c>): for logits z of a row and its class index c,
/// <c>l = logsumexp(z) - z_c</c> with <c>logsumexp(z) = max z + log sum exp(z - max z)</c> (never overflows). The
/// gradient is <c>softmax(z) - onehot(c)</c>. The target is one value per example: the class index 0..C-1.
/// </summary>
public sealed class SoftmaxCrossEntropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "softmax-cross-entropy";

    /// <inheritdoc/>
    public override string MetricName => "accuracy";

    /// <inheritdoc/>
    public override bool MetricHigherIsBetter => true;

    /// <inheritdoc/>
    public override int TargetWidth(int outputWidth) => 1;

    private protected override double ComputeCore(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, double weightSum)
    {
        // z [N,C]  c [N]  ->  mean l;  dz = (softmax(z) - onehot(c)) * w_i / sum w
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            int c = ClassOf(target, i, width);
            ReadOnlySpan<float> z = output.Slice(i * width, width);
            float max = TensorPrimitives.Max(z);
            double sum = 0;
            for (int j = 0; j < width; j++)
            {
                sum += Math.Exp(z[j] - max);
            }

            double logSumExp = max + Math.Log(sum);
            total += Weight(weights, i) * (logSumExp - z[c]);
            if (!gradient.IsEmpty)
            {
                Span<float> g = gradient.Slice(i * width, width);
                float scale = Scale(weights, i, weightSum);
                for (int j = 0; j < width; j++)
                {
                    g[j] = (float)Math.Exp(z[j] - logSumExp) * scale;
                }

                g[c] -= scale;
            }
        }

        return total / weightSum;
    }

    private int ClassOf(ReadOnlySpan<float> target, int row, int width)
    {
        float t = target[row];
        int c = (int)t;
        if (c != t || c < 0 || c >= width)
        {
            throw new ArgumentException($"{Name}: the label of row {row} is {t}; it must be a class index 0..{width - 1}.", nameof(target));
        }

        return c;
    }

    /// <inheritdoc/>
    public override void Activate(ReadOnlySpan<float> output, Span<float> prediction, int batch, int width)
    {
        for (int i = 0; i < batch; i++)
        {
            StableSoftmax.Row(output.Slice(i * width, width), prediction.Slice(i * width, width));
        }
    }

    /// <inheritdoc/>
    public override double MetricSum(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        int correct = 0;
        for (int i = 0; i < batch; i++)
        {
            // ties go to the lowest index, as argmax does everywhere
            correct += TensorPrimitives.IndexOfMax(output.Slice(i * width, width)) == (int)target[i] ? 1 : 0;
        }

        return correct;
    }
}
