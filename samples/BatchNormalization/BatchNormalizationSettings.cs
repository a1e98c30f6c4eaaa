namespace MLNetDeep.Samples.BatchNormalization;

using MLNetDeep.Neural.Optimizers;

/// <summary>The one setting both networks share (only <c>BatchNorm</c> differs).</summary>
public sealed record BatchNormalizationSettings
{
    /// <summary>Hidden widths. Default six layers of 32 (a deep, narrow ReLU net).</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [32, 32, 32, 32, 32, 32];

    /// <summary>The optimizer. Default plain mini-batch gradient descent.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.GradientDescent;

    /// <summary>Learning rate. Default 0.005 (small enough that the plain net is slow: see the README).</summary>
    public float LearningRate { get; init; } = 0.005f;

    /// <summary>Epochs. Default 60.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Mini-batch size. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed for initialization and shuffling (the same for both networks). Default 1.</summary>
    public long Seed { get; init; } = 1;
}
