namespace MLNetDeep.Neural.Losses;

/// <summary>
/// Mean squared error: for a row, <c>l = (1/C) sum_j (z_j - y_j)^2</c>, averaged over the batch; the loss is the mean
/// over every element, as PyTorch's <c>MSELoss</c> and Keras' <c>mean_squared_error</c> give. The metric is the same MSE.
/// </summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean-squared-error";

    /// <inheritdoc/>
    public override string MetricName => "mse";

    /// <inheritdoc/>
    public override bool MetricHigherIsBetter => false;

    /// <inheritdoc/>
    public override int TargetWidth(int outputWidth) => outputWidth;

    private protected override double ComputeCore(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, double weightSum, int threads)
    {
        // z, y [N,C]  ->  mean l;  dz = 2 (z - y) / C * w_i / sum w
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            double row = 0;
            float scale = Scale(weights, i, weightSum) * 2f / width;
            for (int j = 0; j < width; j++)
            {
                int at = i * width + j;
                float d = output[at] - target[at];
                double exact = (double)output[at] - target[at]; // the cost in double: a float difference from a large target would lose what a gradient check perturbs
                row += exact * exact;
                if (!gradient.IsEmpty)
                {
                    gradient[at] = d * scale;
                }
            }

            total += Weight(weights, i) * row / width;
        }

        return total / weightSum;
    }

    /// <inheritdoc/>
    public override void Activate(ReadOnlySpan<float> output, Span<float> prediction, int batch, int width) =>
        output[..(batch * width)].CopyTo(prediction);

    /// <inheritdoc/>
    public override double MetricSum(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        double sum = 0;
        for (int i = 0; i < batch * width; i++)
        {
            double d = output[i] - target[i];
            sum += d * d;
        }

        return sum / width;
    }
}
