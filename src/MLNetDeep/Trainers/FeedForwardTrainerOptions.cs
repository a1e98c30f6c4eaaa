namespace MLNetDeep.Trainers;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;

/// <summary>
/// Every knob of the feed-forward trainers. Derive variations with <c>options with { ... }</c> (as the sweeper does).
/// Validated when the trainer is created: a bad value fails with a message naming the option and the value.
/// </summary>
public abstract record FeedForwardTrainerOptions
{
    /// <summary>The label column. Default <c>Label</c> (ML.NET).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The feature column: a known-size vector of Single. Default <c>Features</c> (ML.NET).</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>A Single column of non-negative, finite example weights, or null for equal weights. Default null (ML.NET).</summary>
    public string? ExampleWeightColumnName { get; init; }

    /// <summary>
    /// Hidden layer widths, first to last; empty for a linear model. Default [256, 128] (<see cref="FeedForwardDefaults"/>:
    /// with the batch norm, dropout, learning-rate and cosine-schedule defaults this is the default recipe, which reaches
    /// 0.90 test accuracy on Fashion-MNIST in 20 epochs). The engine's <c>NetworkArchitecture</c> keeps the course's plain
    /// [100] default.
    /// </summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = FeedForwardDefaults.HiddenLayers;

    /// <summary>Hidden activation. Default ReLU.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Negative slope of leaky ReLU. Default 0.01 (PyTorch).</summary>
    public float LeakyReluSlope { get; init; } = 0.01f;

    /// <summary>Weight initialization; default null: He normal for ReLU-family activations, Glorot uniform otherwise (Keras' pairing).</summary>
    public Initializer? Initializer { get; init; }

    /// <summary>
    /// Probability of dropping a hidden unit during training, in [0, 1) (keep_prob = 1 - rate; inverted dropout, never
    /// active at inference). Default 0.2 for the classifiers (the default recipe; set 0 for none) and 0 for regression.
    /// </summary>
    public float DropoutRate { get; init; } = FeedForwardDefaults.DropoutRate;

    /// <summary>
    /// Batch normalization after every hidden Dense layer, before the activation (PyTorch's momentum 0.1 and epsilon
    /// 1e-5). Default true (the default recipe: it tolerates the higher learning rate and makes training far less
    /// sensitive to the input scale).
    /// </summary>
    public bool BatchNormalization { get; init; } = true;

    /// <summary>The optimizer. Default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>
    /// Initial learning rate alpha0. Default 0.003 (<see cref="FeedForwardDefaults.LearningRate"/>): three times Adam's
    /// usual 0.001, which batch norm tolerates and the cosine schedule anneals; use 0.001 with batch norm off.
    /// </summary>
    public float LearningRate { get; init; } = FeedForwardDefaults.LearningRate;

    /// <summary>Momentum's beta in the course's form v = beta*v + (1-beta)*g. Default 0.9 (the course).</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Nesterov momentum; only with <see cref="OptimizerKind.Momentum"/> (another optimizer is refused). Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>RMSprop's squared-gradient decay beta. Default 0.9 (Keras' rho).</summary>
    public float RmsPropDecay { get; init; } = 0.9f;

    /// <summary>Adam's beta1. Default 0.9.</summary>
    public float AdamBeta1 { get; init; } = 0.9f;

    /// <summary>Adam's beta2. Default 0.999.</summary>
    public float AdamBeta2 { get; init; } = 0.999f;

    /// <summary>RMSprop's and Adam's epsilon. Default 1e-8 (the course, PyTorch).</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Decoupled weight decay (AdamW style, any optimizer). Default null: 0.01 for AdamW, 0 otherwise (PyTorch).</summary>
    public float? WeightDecay { get; init; }

    /// <summary>The course's L2 lambda: cost += lambda/(2m) * sum W^2 over weights (not biases, not batch norm). Default 0.</summary>
    public float L2Regularization { get; init; }

    /// <summary>
    /// Learning-rate decay. Default cosine annealing from <see cref="LearningRate"/> towards 0 over
    /// <see cref="NumberOfEpochs"/> (<c>LearningRateSchedule.Cosine()</c>, PyTorch's CosineAnnealingLR, no warm-up); use
    /// <c>LearningRateSchedule.Constant</c> for a fixed rate.
    /// </summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Cosine();

    /// <summary>Examples per mini-batch, at least 1 (at least 2 with <see cref="BatchNormalization"/>); the last batch of an epoch may be smaller. Default 128.</summary>
    public int BatchSize { get; init; } = FeedForwardDefaults.BatchSize;

    /// <summary>Passes over the training data. Default 20.</summary>
    public int NumberOfEpochs { get; init; } = FeedForwardDefaults.NumberOfEpochs;

    /// <summary>Reshuffle the examples every epoch (from the seed). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Stop after this many epochs without improvement of the validation loss (the training loss without validation data); null trains every epoch. Default null.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>The smallest improvement that resets early stopping's patience. Default 1e-4 (scikit-learn's tol).</summary>
    public double EarlyStoppingMinDelta { get; init; } = 1e-4;

    /// <summary>With early stopping, end with the best epoch's weights. Default true.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>
    /// Without a validation set given to <c>Fit(train, validation)</c>, the fraction of training rows held out for
    /// validation, in [0, 1). Default 0.
    /// </summary>
    public float ValidationFraction { get; init; }

    /// <summary>Clip gradients to this global L2 norm; null for none. Default null.</summary>
    public float? GradientClipNorm { get; init; }

    /// <summary>
    /// Seed for initialization, shuffling, dropout masks and the validation split: the same seed, data and options give
    /// the same model bytes whatever the thread count. Default 0 (an ML.NET <c>MLContext</c>'s seed is not visible to
    /// trainers from other assemblies, so the trainers have their own).
    /// </summary>
    public int Seed { get; init; } = FeedForwardDefaults.Seed;

    /// <summary>
    /// The engine that trains the network. Default <see cref="TrainingBackend.Managed"/>: MLNetDeep's own float32 engine
    /// (the fastest on CPUs, no native dependency). <c>new TorchSharpBackend("cuda")</c> from the MLNetDeep.TorchSharp
    /// package trains with libtorch (docs/torchsharp.md); either way the model is the same kind of ONNX-backed ML.NET model.
    /// </summary>
    public TrainingBackend Backend { get; init; } = TrainingBackend.Managed;

    /// <summary>Threads for the matrix products and element-wise kernels; null uses every core. Results do not depend on it. Default null.</summary>
    public int? NumberOfThreads { get; init; }

    /// <summary>A folder for training checkpoints (<c>training.ckpt</c>), or null for none. Default null.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>Epochs between checkpoints. Default 1.</summary>
    public int CheckpointInterval { get; init; } = 1;

    /// <summary>When the checkpoint folder holds a checkpoint of this run, continue from it (bit-identical to an uninterrupted run); needs <see cref="CheckpointFolder"/>. Default false.</summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Called after every epoch with its measurements. Default null.</summary>
    public Action<EpochRecord>? Progress { get; init; }

    /// <summary>Checks every option; throws an <see cref="ArgumentException"/> naming the option and the value.</summary>
    public virtual void Validate()
    {
        if (string.IsNullOrEmpty(LabelColumnName))
        {
            throw new ArgumentException("LabelColumnName must not be empty.", nameof(LabelColumnName));
        }

        if (string.IsNullOrEmpty(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must not be empty.", nameof(FeatureColumnName));
        }

        if (ExampleWeightColumnName is { Length: 0 })
        {
            throw new ArgumentException("ExampleWeightColumnName must be null or a column name, not empty.", nameof(ExampleWeightColumnName));
        }

        CheckUnit(AdamBeta1, nameof(AdamBeta1));
        CheckUnit(AdamBeta2, nameof(AdamBeta2));
        CheckUnit(Momentum, nameof(Momentum));
        CheckUnit(RmsPropDecay, nameof(RmsPropDecay));
        if (EarlyStoppingPatience is < 1)
        {
            throw new ArgumentException($"EarlyStoppingPatience is {EarlyStoppingPatience}; it must be at least 1 (or null for no early stopping).", nameof(EarlyStoppingPatience));
        }

        if (CheckpointInterval < 1)
        {
            throw new ArgumentException($"CheckpointInterval is {CheckpointInterval}; it must be at least 1.", nameof(CheckpointInterval));
        }

        if (ResumeFromCheckpoint && CheckpointFolder is null)
        {
            throw new ArgumentException("ResumeFromCheckpoint is true but CheckpointFolder is not set: there is no checkpoint to resume from; set the folder that holds training.ckpt.", nameof(ResumeFromCheckpoint));
        }

        if (CheckpointFolder is { Length: 0 })
        {
            throw new ArgumentException("CheckpointFolder must be null or a folder, not empty.", nameof(CheckpointFolder));
        }

        // Checked whether or not early stopping is on, like every other option (the engine checks it only when it is).
        if (!(EarlyStoppingMinDelta >= 0) || !double.IsFinite(EarlyStoppingMinDelta))
        {
            throw new ArgumentException($"EarlyStoppingMinDelta is {EarlyStoppingMinDelta}; it must be non-negative and finite.", nameof(EarlyStoppingMinDelta));
        }

        if (Backend is null)
        {
            throw new ArgumentException("Backend must not be null (TrainingBackend.Managed is the default).", nameof(Backend));
        }

        if (LearningRateSchedule is null)
        {
            throw new ArgumentException("LearningRateSchedule must not be null (LearningRateSchedule.Constant for a fixed rate).", nameof(LearningRateSchedule));
        }

        if (BatchSize == 1 && BatchNormalization && HiddenLayers is { Count: > 0 })
        {
            throw new ArgumentException("BatchSize is 1 with BatchNormalization: batch norm of a single example normalizes every unit to 0, so the network cannot learn (PyTorch refuses it too); use a BatchSize of at least 2, or BatchNormalization = false.", nameof(BatchSize));
        }

        if (LearningRate > 0f && NumberOfEpochs >= 1 && LearningRateSchedule.Conflict(LearningRate, NumberOfEpochs) is string why)
        {
            throw new ArgumentException($"LearningRateSchedule is {LearningRateSchedule.Name}; {why}.", nameof(LearningRateSchedule));
        }

        ToArchitecture().Validate();
        ToTrainingOptions(hasValidationSet: false).Validate();
    }

    private static void CheckUnit(float value, string name)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentException($"{name} is {value}; it must be in [0, 1).", name);
        }
    }

    internal NetworkArchitecture ToArchitecture() => new()
    {
        HiddenLayers = HiddenLayers,
        Activation = Activation,
        LeakyReluSlope = LeakyReluSlope,
        Initializer = Initializer,
        DropoutRate = DropoutRate,
        BatchNorm = BatchNormalization,
    };

    internal TrainingOptions ToTrainingOptions(bool hasValidationSet) => new()
    {
        LearningRate = LearningRate,
        NumberOfEpochs = NumberOfEpochs,
        BatchSize = BatchSize,
        Shuffle = Shuffle,
        Optimizer = new OptimizerOptions
        {
            Kind = Optimizer,
            Momentum = Momentum,
            Nesterov = Nesterov,
            RmsPropDecay = RmsPropDecay,
            Beta1 = AdamBeta1,
            Beta2 = AdamBeta2,
            Epsilon = Epsilon,
            WeightDecay = WeightDecay,
        },
        Schedule = LearningRateSchedule,
        L2Regularization = L2Regularization,
        GradientClipNorm = GradientClipNorm,
        ValidationFraction = hasValidationSet ? 0f : ValidationFraction,
        EarlyStopping = EarlyStoppingPatience is int p
            ? new EarlyStoppingOptions { Patience = p, MinimumDelta = EarlyStoppingMinDelta, RestoreBestWeights = RestoreBestWeights }
            : null,
        Seed = Seed,
        NumberOfThreads = NumberOfThreads,
        CheckpointPath = CheckpointFolder is null ? null : Path.Combine(CheckpointFolder, "training.ckpt"),
        CheckpointInterval = CheckpointInterval,
        ResumeOnlySameRun = true,
    };
}
