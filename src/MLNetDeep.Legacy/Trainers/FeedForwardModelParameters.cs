namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Training;

/// <summary>
/// A trained feed-forward network and what its training measured (the <c>Model</c> of a prediction transformer, as
/// ML.NET's model parameters).
/// </summary>
public sealed class FeedForwardModelParameters
{
    internal FeedForwardModelParameters(Network network, IReadOnlyList<EpochRecord> history, int bestEpoch, double trainingSeconds, string lossName)
    {
        Network = network;
        History = history;
        BestEpoch = bestEpoch;
        TrainingSeconds = trainingSeconds;
        LossName = lossName;
    }

    internal Network Network { get; }

    /// <summary>The number of input features.</summary>
    public int FeatureCount => Network.InputSize;

    /// <summary>The number of raw outputs (1 for binary and regression, the class count for multiclass).</summary>
    public int OutputCount => Network.OutputSize;

    /// <summary>The layers, e.g. <c>Dense(256, no bias), BatchNorm, ReLU, Dropout(0.2), ...</c>.</summary>
    public IReadOnlyList<string> Layers => Network.Layers.Select(l => l.DisplayName).ToArray();

    /// <summary>The number of trainable values.</summary>
    public long ParameterCount => Network.ParameterCount;

    /// <summary>Per-epoch measurements of the training run (empty for a model loaded from a file without history).</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>The epoch (from 1) with the lowest monitored loss.</summary>
    public int BestEpoch { get; }

    /// <summary>Wall-clock seconds training took.</summary>
    public double TrainingSeconds { get; }

    /// <summary>The training loss: <c>binary-cross-entropy</c>, <c>softmax-cross-entropy</c> or <c>mean-squared-error</c>.</summary>
    public string LossName { get; }
}
