namespace MLNetDeep.Neural.Layers;

using MLNetDeep.Neural.Initializers;

/// <summary>
/// The shape of a fully connected network: hidden widths, activation, initialization, dropout and batch norm.
/// Each hidden layer is <c>Dense -> [BatchNorm] -> activation -> [Dropout]</c>; the output layer is a Dense layer
/// whose raw outputs (logits) go to the loss.
/// </summary>
/// <remarks>
/// The course writes an architecture as layer dimensions, e.g. [2, 20, 3, 1]: that is 2 inputs,
/// <c>HiddenLayers = [20, 3]</c> and 1 output. An empty <see cref="HiddenLayers"/> gives a linear model
/// (logistic or softmax regression).
/// </remarks>
public sealed record NetworkArchitecture
{
    /// <summary>Widths of the hidden layers, first to last. Default [100] (scikit-learn's MLP default).</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [100];

    /// <summary>The hidden layers' activation. Default <see cref="Activation.Relu"/>.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Negative slope for <see cref="Activation.LeakyRelu"/>. Default 0.01 (PyTorch).</summary>
    public float LeakyReluSlope { get; init; } = 0.01f;

    /// <summary>
    /// How every Dense layer's weights are drawn. Default null: He normal for ReLU and leaky ReLU, Glorot uniform for
    /// the others (the pairing the course and Keras recommend).
    /// </summary>
    public Initializer? Initializer { get; init; }

    /// <summary>Probability of dropping a hidden unit in training, in [0, 1). Default 0 (no dropout). keep_prob = 1 - rate.</summary>
    public float DropoutRate { get; init; }

    /// <summary>Whether each hidden Dense layer is followed by batch normalization (and loses its bias). Default false.</summary>
    public bool BatchNorm { get; init; }

    /// <summary>Batch norm's running-average momentum. Default 0.1 (PyTorch).</summary>
    public float BatchNormMomentum { get; init; } = 0.1f;

    /// <summary>Batch norm's epsilon. Default 1e-5 (PyTorch).</summary>
    public float BatchNormEpsilon { get; init; } = 1e-5f;

    /// <summary>The initializer in effect: <see cref="Initializer"/>, or the activation's default.</summary>
    public Initializer EffectiveInitializer => Initializer ?? (Activation is Activation.Relu or Activation.LeakyRelu
        ? Initializers.Initializer.HeNormal
        : Initializers.Initializer.GlorotUniform);

    /// <summary>Checks every setting; throws an <see cref="ArgumentException"/> naming the option and the value.</summary>
    public void Validate()
    {
        if (HiddenLayers is null)
        {
            throw new ArgumentException("HiddenLayers must not be null (use an empty list for a linear model).", nameof(HiddenLayers));
        }

        for (int i = 0; i < HiddenLayers.Count; i++)
        {
            if (HiddenLayers[i] < 1)
            {
                throw new ArgumentException($"HiddenLayers[{i}] is {HiddenLayers[i]}; every hidden layer needs at least 1 unit.", nameof(HiddenLayers));
            }
        }

        Setting.Require(DropoutRate >= 0f && DropoutRate < 1f, nameof(DropoutRate), DropoutRate, "in [0, 1) (the probability of dropping a unit; keep_prob = 1 - rate)");
        Setting.Require(LeakyReluSlope >= 0f && LeakyReluSlope < 1f, nameof(LeakyReluSlope), LeakyReluSlope, "in [0, 1)");
        Setting.Require(BatchNormMomentum > 0f && BatchNormMomentum <= 1f, nameof(BatchNormMomentum), BatchNormMomentum, "in (0, 1]");
        Setting.Require(BatchNormEpsilon > 0f && float.IsFinite(BatchNormEpsilon), nameof(BatchNormEpsilon), BatchNormEpsilon, "positive and finite");
        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentException($"Activation is {(int)Activation}, which is not a known activation.", nameof(Activation));
        }
    }

    /// <summary>Builds the network (parameters not yet initialized: call <see cref="Network.Initialize"/>).</summary>
    /// <param name="inputSize">Number of input features.</param>
    /// <param name="outputSize">Number of outputs: 1 for binary classification or single-target regression, the class count for softmax.</param>
    public Network Build(int inputSize, int outputSize)
    {
        Validate();
        if (outputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "A network needs at least 1 output.");
        }

        Initializer init = EffectiveInitializer;
        var layers = new List<Layer>();
        foreach (int units in HiddenLayers)
        {
            layers.Add(new Dense(units, init, useBias: !BatchNorm));
            if (BatchNorm)
            {
                layers.Add(new BatchNorm(BatchNormMomentum, BatchNormEpsilon));
            }

            layers.Add(CreateActivation());
            if (DropoutRate > 0f)
            {
                layers.Add(new Dropout(DropoutRate));
            }
        }

        layers.Add(new Dense(outputSize, init));
        return new Network(inputSize, layers);
    }

    private Layer CreateActivation() => Activation switch
    {
        Activation.Relu => new Relu(),
        Activation.LeakyRelu => new LeakyRelu(LeakyReluSlope),
        Activation.Tanh => new Tanh(),
        Activation.Sigmoid => new Sigmoid(),
        _ => new Identity(),
    };
}
