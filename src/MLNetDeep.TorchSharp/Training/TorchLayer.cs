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

    /// <summary>Maps an engine layer; <paramref name="parameter"/> and <paramref name="state"/> hand out the tensors in the engine's order.</summary>
    /// <exception cref="NotSupportedException">A layer type the backend does not run; the message names it.</exception>
    public static TorchLayer From(Layer layer, Func<Tensor> parameter, Func<Tensor> state, ref int dropouts) => layer switch
    {
        Dense d => new TorchLayer(TorchLayerKind.Dense, d.Units) { Weight = parameter(), Bias = d.UseBias ? parameter() : null },
        BatchNorm bn => new TorchLayer(TorchLayerKind.BatchNorm, bn.OutputSize)
        {
            Weight = parameter(), Bias = parameter(), RunningMean = state(), RunningVariance = state(), Value = bn.Momentum, Epsilon = bn.Epsilon,
        },
        Relu => new TorchLayer(TorchLayerKind.Relu, layer.OutputSize),
        LeakyRelu l => new TorchLayer(TorchLayerKind.LeakyRelu, layer.OutputSize) { Value = l.Slope },
        Tanh => new TorchLayer(TorchLayerKind.Tanh, layer.OutputSize),
        Sigmoid => new TorchLayer(TorchLayerKind.Sigmoid, layer.OutputSize),
        Softmax => new TorchLayer(TorchLayerKind.Softmax, layer.OutputSize),
        Identity => new TorchLayer(TorchLayerKind.Identity, layer.OutputSize),
        Dropout dr => new TorchLayer(TorchLayerKind.Dropout, layer.OutputSize) { Value = dr.Rate, DropoutIndex = dropouts++ },
        _ => throw new NotSupportedException(
            $"The TorchSharp backend cannot train the layer {layer.DisplayName} ({layer.GetType().Name}); it runs Dense, BatchNorm, Dropout and the ReLU, leaky ReLU, tanh, sigmoid, softmax and identity activations. Use the managed backend for this network."),
    };
}
