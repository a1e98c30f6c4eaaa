namespace MLNetDeep.Neural.Layers;

/// <summary>The activation function of hidden layers.</summary>
public enum Activation
{
    /// <summary>max(0, x). The default; pairs with He initialization.</summary>
    Relu = 0,

    /// <summary>x for x &gt; 0, else slope * x.</summary>
    LeakyRelu = 1,

    /// <summary>tanh(x); pairs with Glorot initialization.</summary>
    Tanh = 2,

    /// <summary>1 / (1 + exp(-x)); pairs with Glorot initialization.</summary>
    Sigmoid = 3,

    /// <summary>x (a linear network).</summary>
    Identity = 4,
}
