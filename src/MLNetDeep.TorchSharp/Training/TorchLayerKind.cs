namespace MLNetDeep.TorchSharp.Training;

/// <summary>The engine's layer types the libtorch backend can run.</summary>
internal enum TorchLayerKind
{
    /// <summary><see cref="Neural.Layers.Dense"/>: <c>y = x W + b</c>, W <c>[in, out]</c> as the engine stores it.</summary>
    Dense,

    /// <summary><see cref="Neural.Layers.BatchNorm"/>.</summary>
    BatchNorm,

    /// <summary><see cref="Neural.Layers.Relu"/>.</summary>
    Relu,

    /// <summary><see cref="Neural.Layers.LeakyRelu"/>.</summary>
    LeakyRelu,

    /// <summary><see cref="Neural.Layers.Tanh"/>.</summary>
    Tanh,

    /// <summary><see cref="Neural.Layers.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary><see cref="Neural.Layers.Softmax"/> over each row.</summary>
    Softmax,

    /// <summary><see cref="Neural.Layers.Identity"/>.</summary>
    Identity,

    /// <summary><see cref="Neural.Layers.Dropout"/>, with masks drawn by the engine's generator.</summary>
    Dropout,
}
