namespace MLNetDeep.Neural.Losses;

/// <summary>
/// A training loss on the network's raw output. Classification losses take logits and apply the sigmoid or softmax
/// themselves (numerically stable); <see cref="Activate"/> turns outputs into predictions.
/// </summary>
/// <remarks>
/// The loss of a batch is the weighted mean <c>sum_i w_i l_i / sum_i w_i</c> (PyTorch's weighted "mean" reduction);
/// without weights every <c>w_i</c> is 1 and this is the plain mean over the batch. A batch whose weights are all 0 has
/// loss 0 and gradient 0 (Keras's rule). Sums are accumulated in double.
/// </remarks>
public abstract class Loss
{
    private protected Loss()
    {
    }

    /// <summary>The name used in reports and model files.</summary>
    public abstract string Name { get; }

    /// <summary>How many target values each example carries for a network with <paramref name="outputWidth"/> outputs.</summary>
    public abstract int TargetWidth(int outputWidth);

    /// <summary>The name of the metric <see cref="MetricSum"/> accumulates: <c>accuracy</c> or <c>mse</c>.</summary>
    public abstract string MetricName { get; }

    /// <summary>Whether a larger metric is better (accuracy) or a smaller one (mean squared error).</summary>
    public abstract bool MetricHigherIsBetter { get; }

    /// <summary>
    /// Computes the batch's weighted mean loss and, when <paramref name="gradient"/> is not empty, writes the gradient of
    /// that mean with respect to <paramref name="output"/> into it.
    /// <c>output [N,C]  target [N, TargetWidth(C)]  weights [N] or empty  gradient [N,C] or empty</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A target is outside its domain, or a weight is negative; the message names the row and value.</exception>
    public double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient) =>
        Compute(output, target, weights, batch, width, gradient, threads: 1);

    /// <summary>
    /// <see cref="Compute(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, Span{float})"/>
    /// with the rows split over up to <paramref name="threads"/> threads where the loss supports it; the result and the
    /// gradient are the same bits whatever the thread count (each row on its own, the row losses summed in row order).
    /// </summary>
    internal double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, int threads)
    {
        if (batch < 1 || width < 1 || output.Length < batch * width || target.Length < batch * TargetWidth(width))
        {
            throw new ArgumentException($"{Name}: expected output {batch}x{width} and target {batch}x{TargetWidth(width)}, got {output.Length} and {target.Length} values.");
        }

        if (!weights.IsEmpty && weights.Length < batch)
        {
            throw new ArgumentException($"{Name}: expected {batch} example weights, got {weights.Length}.", nameof(weights));
        }

        if (!gradient.IsEmpty && gradient.Length < batch * width)
        {
            throw new ArgumentException($"{Name}: the gradient buffer holds {gradient.Length} values, {batch * width} are needed.", nameof(gradient));
        }

        double weightSum = batch;
        if (!weights.IsEmpty)
        {
            weightSum = 0;
            for (int i = 0; i < batch; i++)
            {
                weightSum += weights[i] >= 0f ? weights[i]
                    : throw new ArgumentException($"{Name}: the example weight of row {i} is {weights[i]}; weights must be non-negative.", nameof(weights));
            }
        }

        // Keras's rule for a batch whose weights are all 0: its weighted mean is 0, and so is its gradient (every
        // w_i / 1 is 0); dividing by 1 instead of 0 leaves every other batch's bits alone.
        return ComputeCore(output, target, weights, batch, width, gradient.IsEmpty ? gradient : gradient[..(batch * width)], weightSum > 0 ? weightSum : 1, threads);
    }

    /// <summary>The weighted loss sum divided by <paramref name="weightSum"/>, and the gradient of that mean.</summary>
    private protected abstract double ComputeCore(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, double weightSum, int threads);

    /// <summary>Turns raw outputs into predictions: probabilities for classification losses, the output itself for regression. <c>output, prediction [N,C]</c>.</summary>
    public abstract void Activate(ReadOnlySpan<float> output, Span<float> prediction, int batch, int width);

    /// <summary>
    /// The metric summed over the batch (unweighted): the number of correct predictions for classification, the sum
    /// over examples of the mean squared error of a row for regression. Divide by the example count for the metric.
    /// </summary>
    public abstract double MetricSum(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width);

    /// <summary>The weight of example <paramref name="i"/> divided by the weight sum (1/N without weights).</summary>
    private protected static float Scale(ReadOnlySpan<float> weights, int i, double weightSum) =>
        (float)((weights.IsEmpty ? 1.0 : weights[i]) / weightSum);

    /// <summary>The weight of example <paramref name="i"/> (1 without weights).</summary>
    private protected static double Weight(ReadOnlySpan<float> weights, int i) => weights.IsEmpty ? 1.0 : weights[i];
}
