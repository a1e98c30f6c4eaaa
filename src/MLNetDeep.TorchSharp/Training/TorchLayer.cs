namespace MLNetDeep.TorchSharp.Training;

using MLNetDeep.Neural.Layers;
using static global::TorchSharp.torch;
using F = global::TorchSharp.torch.nn.functional;

/// <summary>
/// One engine layer as a libtorch computation, made from the layer's description (<see cref="LayerSpec"/>): the
/// backend's one table of the layer kinds it trains, each with the engine's conventions. The tensors it computes with
/// alias the owning <see cref="TorchNetwork"/>'s lists.
/// </summary>
internal sealed class TorchLayer
{
    private readonly Func<Tensor, bool, IReadOnlyList<Tensor>?, Tensor> _forward;

    private TorchLayer(int width, Func<Tensor, bool, IReadOnlyList<Tensor>?, Tensor> forward, float dropoutRate = 0f, int dropoutIndex = -1)
    {
        Width = width;
        _forward = forward;
        DropoutRate = dropoutRate;
        DropoutIndex = dropoutIndex;
    }

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <summary>A dropout layer's rate; 0 for the others.</summary>
    public float DropoutRate { get; }

    /// <summary>The position among the network's dropout layers (their masks are drawn in this order), or -1.</summary>
    public int DropoutIndex { get; }

    /// <summary>Runs the layer: <c>h [m, in] -> [m, Width]</c>; <paramref name="masks"/> holds one mask per dropout layer when training.</summary>
    public Tensor Forward(Tensor h, bool training, IReadOnlyList<Tensor>? masks) => _forward(h, training, masks);

    /// <summary>
    /// Maps a layer by its description (kind and version 1 of the built-in layers); <paramref name="tensor"/> gives
    /// the libtorch tensor made for each of the layer's tensors.
    /// </summary>
    /// <exception cref="NotSupportedException">A kind or version the backend does not run; the message names it.</exception>
    public static TorchLayer From(LayerSpec spec, int width, Func<string, Tensor> tensor, ref int dropouts)
    {
        switch (spec.Version == 1 ? spec.Kind : null)
        {
            case "Dense":
                Tensor w = tensor("weight");
                Tensor? b = spec.Setting("use_bias") != 0 ? tensor("bias") : null;
                return new(width, (h, _, _) => b is null ? h.matmul(w) : addmm(b, h, w, 1f, 1f));
            case "BatchNorm":
                var norm = new Norm(tensor("scale"), tensor("bias"), tensor("mean"), tensor("var"), (float)spec.Setting("momentum"), (float)spec.Setting("epsilon"));
                return new(width, (h, training, _) => norm.Forward(h, training));
            case "Relu":
                return new(width, static (h, _, _) => h.relu());
            case "LeakyRelu":
                double slope = spec.Setting("slope");
                return new(width, (h, _, _) => F.leaky_relu(h, slope));
            case "Tanh":
                return new(width, static (h, _, _) => h.tanh());
            case "Sigmoid":
                return new(width, static (h, _, _) => h.sigmoid());
            case "Softmax":
                return new(width, static (h, _, _) => h.softmax(1));
            case "Identity":
                return new(width, static (h, _, _) => h);
            case "Dropout":
                float rate = (float)spec.Setting("rate");
                int index = dropouts++;
                return new(width, (h, training, masks) => training && rate > 0f ? h.mul(masks![index]) : h, rate, index);
            default:
                throw new NotSupportedException(
                    $"The TorchSharp backend cannot train the layer {spec}; it runs version 1 of Dense, BatchNorm, Dropout and the ReLU, leaky ReLU, tanh, sigmoid, softmax and identity activations. Use the managed backend for this network.");
        }
    }

    /// <summary>Batch norm's tensors and settings: gamma, beta, the running mean and variance <c>[F]</c>, momentum, epsilon.</summary>
    private sealed record Norm(Tensor Gamma, Tensor Beta, Tensor RunningMean, Tensor RunningVariance, float Momentum, float Epsilon)
    {
        public Tensor Forward(Tensor z, bool training)
        {
            // z [m,F]  gamma, beta, running mean/var [F]  ->  gamma * (z - mu) / sqrt(var + eps) + beta
            if (!training || z.shape[0] > 1)
            {
                return F.batch_norm(z, RunningMean, RunningVariance, Gamma, Beta, training, Momentum, Epsilon);
            }

            // One example: mean = z, biased variance 0 (the engine's rule; libtorch refuses a batch of one).
            Tensor mean = z.mean([0], keepdim: true);
            Tensor centered = z - mean;
            Tensor variance = centered.square().mean([0], keepdim: true);
            using (no_grad())
            {
                RunningMean.mul_(1f - Momentum).add_(mean.detach().squeeze(0), Momentum);
                RunningVariance.mul_(1f - Momentum).add_(variance.detach().squeeze(0), Momentum);
            }

            return (centered * (variance + Epsilon).rsqrt() * Gamma) + Beta;
        }
    }
}
