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

    private protected override unsafe double ComputeCore(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, int width, Span<float> gradient, double weightSum, int threads)
    {
        // z [N,C]  c [N]  ->  mean l;  dz = (softmax(z) - onehot(c)) * w_i / sum w
        // Each row on its own (split over the threads for a training batch), the row losses then summed in row order:
        // the same bits whatever the split.
        for (int i = 0; i < batch; i++)
        {
            ClassOf(Name, target, i, width); // bad labels are reported before any work, from the calling thread
        }

        int parts = batch <= MaximumRowsOnStack ? Workers.Parts((long)batch * width, threads, MinimumPerPart) : 1;
        Span<double> rowLoss = parts > 1 ? stackalloc double[batch] : default;
        if (parts > 1)
        {
            fixed (float* z = output)
            fixed (float* t = target)
            fixed (float* w = weights)
            fixed (float* g = gradient)
            fixed (double* l = rowLoss)
            {
                var job = new RowJob
                {
                    Output = z, Target = t, Weights = weights.IsEmpty ? null : w, Gradient = gradient.IsEmpty ? null : g, RowLoss = l,
                    Batch = batch, Width = width, WeightSum = weightSum, Parts = parts,
                };
                Workers.Run(&RowJob.Run, &job, parts, threads);
            }
        }

        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            total += parts > 1 ? rowLoss[i] : Row(output, target, weights, i, width, gradient, weightSum);
        }

        return total / weightSum;
    }

    /// <summary>Rows of a training batch go to the threads only when this many fit on the stack (as doubles).</summary>
    private const int MaximumRowsOnStack = 4096;

    /// <summary>At least this many logits per part (each costs two exponentials).</summary>
    private const int MinimumPerPart = 512;

    /// <summary>Row <paramref name="i"/>'s weighted loss <c>w_i (logsumexp(z) - z_c)</c>, and its gradient when asked.</summary>
    private static double Row(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int i, int width, Span<float> gradient, double weightSum)
    {
        int c = (int)target[i];
        ReadOnlySpan<float> z = output.Slice(i * width, width);
        float max = TensorPrimitives.Max(z);
        double sum = 0;
        for (int j = 0; j < width; j++)
        {
            sum += Math.Exp(z[j] - max);
        }

        double logSumExp = max + Math.Log(sum);
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

        return Weight(weights, i) * (logSumExp - z[c]);
    }

    private static void ClassOf(string name, ReadOnlySpan<float> target, int row, int width)
    {
        float t = target[row];
        int c = (int)t;
        if (c != t || c < 0 || c >= width)
        {
            throw new ArgumentException($"{name}: the label of row {row} is {t}; it must be a class index 0..{width - 1}.", nameof(target));
        }
    }

    /// <summary>Rows of one batch, split into contiguous parts for the <see cref="Workers"/>.</summary>
    private unsafe struct RowJob
    {
        public float* Output;
        public float* Target;
        public float* Weights;
        public float* Gradient;
        public double* RowLoss;
        public int Batch;
        public int Width;
        public double WeightSum;
        public int Parts;

        public static void Run(void* state, int part)
        {
            ref RowJob j = ref *(RowJob*)state;
            (int start, int length) = Workers.Range(j.Batch, j.Parts, part, 1);
            var output = new ReadOnlySpan<float>(j.Output, j.Batch * j.Width);
            var target = new ReadOnlySpan<float>(j.Target, j.Batch);
            var weights = j.Weights == null ? default : new ReadOnlySpan<float>(j.Weights, j.Batch);
            var gradient = j.Gradient == null ? default : new Span<float>(j.Gradient, j.Batch * j.Width);
            for (int i = start; i < start + length; i++)
            {
                j.RowLoss[i] = Row(output, target, weights, i, j.Width, gradient, j.WeightSum);
            }
        }
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
