namespace MLNetDeep.Neural.Training;

/// <summary>
/// Stop training when the monitored loss stops improving: the validation loss when there is a validation set,
/// otherwise the training loss (Keras' EarlyStopping, with scikit-learn's defaults for patience and tolerance).
/// </summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>Epochs without improvement before stopping; at least 1. Default 10 (scikit-learn's n_iter_no_change).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>The smallest decrease of the monitored loss that counts as improvement; non-negative. Default 1e-4 (scikit-learn's tol).</summary>
    public double MinimumDelta { get; init; } = 1e-4;

    /// <summary>Whether the network ends with the weights of its best epoch rather than its last. Default true.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
