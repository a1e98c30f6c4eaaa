namespace MLNetDeep.TorchSharp.Training;

using MLNetDeep.Neural.Losses;
using global::TorchSharp;
using static global::TorchSharp.torch;
using F = global::TorchSharp.torch.nn.functional;

/// <summary>
/// The engine's three losses on libtorch tensors, in the engine's convention (<see cref="Loss"/>): a row's loss, then
/// the weighted mean <c>sum_i w_i l_i / sum_i w_i</c> over the batch (the plain mean without weights; 0 when the weights
/// are all 0), and the same
/// metric sum as <see cref="Loss.MetricSum"/>.
/// </summary>
/// <remarks>
/// Binary cross-entropy: libtorch's <c>binary_cross_entropy_with_logits</c> element by element (the same stable
/// formula), summed over a row's outputs as the engine does (libtorch's "mean" would divide by the outputs too).
/// Softmax cross-entropy: <c>cross_entropy</c> per row (example weights are not libtorch's class weights). Mean
/// squared error: the mean over a row's outputs, squared in float64 as the engine does (the gradient stays float32). Labels are checked once, before training, by the engine's loss.
/// </remarks>
internal sealed class TorchLoss
{
    private readonly Kind _kind;

    public TorchLoss(Loss loss)
    {
        _kind = loss switch
        {
            BinaryCrossEntropy => Kind.Binary,
            SoftmaxCrossEntropy => Kind.Softmax,
            MeanSquaredError => Kind.Squared,
            _ => throw new NotSupportedException($"The TorchSharp backend has no {loss.Name} loss ({loss.GetType().Name}); it trains with binary-cross-entropy, softmax-cross-entropy and mean-squared-error. Use the managed backend for this loss."),
        };
    }

    private enum Kind
    {
        Binary,
        Softmax,
        Squared,
    }

    /// <summary>The batch targets as the loss wants them: class indices (int64, <c>[m]</c>) for softmax cross-entropy, else float <c>[m, C]</c>.</summary>
    public Tensor PrepareTargets(Tensor targets) => _kind == Kind.Softmax ? targets.squeeze(1).to(ScalarType.Int64) : targets;

    /// <summary>The weighted mean loss of the batch (a scalar with a graph). <c>z [m,C]  y (prepared)  w [m] or null</c>.</summary>
    public Tensor Compute(Tensor z, Tensor y, Tensor? w)
    {
        Tensor rows = _kind switch
        {
            Kind.Binary => F.binary_cross_entropy_with_logits(z, y, reduction: nn.Reduction.None).sum([1]),
            Kind.Softmax => F.cross_entropy(z, y, reduction: nn.Reduction.None),
            // Squared in float64, as the engine squares: a float32 square overflows for a difference above ~1.8e19.
            _ => (z - y).to(ScalarType.Float64).square().mean([1]),
        };
        if (w is null)
        {
            return rows.mean();
        }

        Tensor sum = w.sum(); // a batch whose weights are all 0 is divided by 1: loss 0, gradient 0 (the engine's Loss, Keras's rule)
        return (rows * w).sum() / where(sum.gt(0), sum, ones_like(sum));
    }

    /// <summary>The metric summed over the batch, unweighted (<see cref="Loss.MetricSum"/>): correct rows, or the sum of the rows' mean squared errors.</summary>
    public Tensor MetricSum(Tensor z, Tensor y)
    {
        using var mode = no_grad();
        Tensor d = z.detach();
        return _kind switch
        {
            Kind.Binary => d.gt(0).eq(y.ge(0.5)).all(1).sum().to(ScalarType.Float32),
            Kind.Softmax => d.argmax(1).eq(y).sum().to(ScalarType.Float32),
            _ => (d - y).to(ScalarType.Float64).square().mean([1]).sum(),
        };
    }
}
