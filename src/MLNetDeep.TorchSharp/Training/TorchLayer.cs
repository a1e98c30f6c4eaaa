namespace MLNetDeep.TorchSharp.Training;

using MLNetDeep.Neural.Layers;
using static global::TorchSharp.torch;

/// <summary>
/// One engine layer as libtorch operations: its kind, its hyperparameters and the tensors holding its parameters and
/// state (which alias the owning <see cref="TorchNetwork"/>'s lists, in the engine's order).
/// </summary>
internal sealed class TorchLayer
{
    private TorchLayer(TorchLayerKind kind, int width)
    {
        Kind = kind;
        Width = width;
    }

    public TorchLayerKind Kind { get; }

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <summary>Dense: W <c>[in, out]</c>; BatchNorm: gamma.</summary>
    public Tensor? Weight { get; private set; }

    /// <summary>Dense: b <c>[out]</c> or null; BatchNorm: beta.</summary>
    public Tensor? Bias { get; private set; }

    /// <summary>BatchNorm's running mean.</summary>
    public Tensor? RunningMean { get; private set; }

    /// <summary>BatchNorm's running variance.</summary>
    public Tensor? RunningVariance { get; private set; }

    /// <summary>BatchNorm's momentum, LeakyReLU's slope, Dropout's rate.</summary>
    public float Value { get; private set; }

    /// <summary>BatchNorm's epsilon.</summary>
    public float Epsilon { get; private set; }

    /// <summary>The position among the network's dropout layers (their masks are drawn in this order), or -1.</summary>
    public int DropoutIndex { get; private set; } = -1;

    /// <summary>
    /// Maps a layer by its description (kind and version 1 of the built-in layers); <paramref name="tensor"/> gives
    /// the libtorch tensor made for each of the layer's tensors.
    /// </summary>
    /// <exception cref="NotSupportedException">A kind or version the backend does not run; the message names it.</exception>
    public static TorchLayer From(LayerSpec spec, int width, Func<string, Tensor> tensor, ref int dropouts)
    {
        TorchLayer? layer = spec.Version != 1 ? null : spec.Kind switch
        {
            "Dense" => new TorchLayer(TorchLayerKind.Dense, width) { Weight = tensor("weight"), Bias = spec.Setting("use_bias") != 0 ? tensor("bias") : null },
            "BatchNorm" => new TorchLayer(TorchLayerKind.BatchNorm, width)
            {
                Weight = tensor("scale"), Bias = tensor("bias"), RunningMean = tensor("mean"), RunningVariance = tensor("var"),
                Value = (float)spec.Setting("momentum"), Epsilon = (float)spec.Setting("epsilon"),
            },
            "Relu" => new TorchLayer(TorchLayerKind.Relu, width),
            "LeakyRelu" => new TorchLayer(TorchLayerKind.LeakyRelu, width) { Value = (float)spec.Setting("slope") },
            "Tanh" => new TorchLayer(TorchLayerKind.Tanh, width),
            "Sigmoid" => new TorchLayer(TorchLayerKind.Sigmoid, width),
            "Softmax" => new TorchLayer(TorchLayerKind.Softmax, width),
            "Identity" => new TorchLayer(TorchLayerKind.Identity, width),
            "Dropout" => new TorchLayer(TorchLayerKind.Dropout, width) { Value = (float)spec.Setting("rate"), DropoutIndex = dropouts++ },
            _ => null,
        };
        return layer ?? throw new NotSupportedException(
            $"The TorchSharp backend cannot train the layer {spec}; it runs version 1 of Dense, BatchNorm, Dropout and the ReLU, leaky ReLU, tanh, sigmoid, softmax and identity activations. Use the managed backend for this network.");
    }
}
